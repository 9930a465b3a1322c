/**
 * bench/platform-lookup: signed lookups per second and p99 latency with 1,000,000 links, on PGlite
 * and on PostgreSQL, against Fastify answering a constant JSON body, all in the same run.
 * Target (PostgreSQL, 2 cores): ≥ 40% of the baseline's throughput and p99 < 20 ms.
 *   npx tsx bench/platform-lookup/run.ts       (BENCH_REQUESTS, BENCH_CONNECTIONS to change the load)
 */

import type { ChildProcess } from 'node:child_process';
import { findPostgresBin, startTestPostgres } from '../../tests/support/postgres-server';
import { describeMachine, writeBenchmarkSection } from '../machine';
import { median } from '../stats';
import { drive, prepare, publicJwk, startServer, WARMUP } from './load';
import { LINK_COUNT } from './load-links';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 30_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Measurement {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

async function measure(port: number, terminalId: string): Promise<Measurement> {
  const warmup = await prepare(terminalId, WARMUP);
  await drive(port, warmup, CONNECTIONS);
  const requests = await prepare(terminalId, REQUESTS);
  const result = await drive(port, requests, CONNECTIONS);
  return {
    requestsPerSecond: Math.round(result.requests.total / result.seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors,
  };
}

interface Server {
  name: string;
  port: number;
  terminalId: string;
  rounds: Measurement[];
}

async function run(): Promise<void> {
  process.stdout.write(
    `platform-lookup: ${ROUNDS} rounds of ${REQUESTS} signed lookups, ${CONNECTIONS} connections, ${LINK_COUNT} links\n`,
  );
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error('PostgreSQL is not installed: apt-get install postgresql');
  const postgres = await startTestPostgres(bin);
  const children: ChildProcess[] = [];
  try {
    const start = async (
      name: string,
      args: string[],
      env: NodeJS.ProcessEnv = {},
    ): Promise<Server> => {
      process.stdout.write(`starting ${name}…\n`);
      const server = await startServer(args, env);
      children.push(server.child);
      return { name, port: server.port, terminalId: server.terminalId || 'baseline', rounds: [] };
    };
    const servers = [
      await start('baseline: Fastify, constant JSON', ['baseline']),
      await start('platform on PGlite', ['platform', JSON.stringify(publicJwk)], {
        DATABASE_URL: '',
      }),
      await start('platform on PostgreSQL', ['platform', JSON.stringify(publicJwk)], {
        DATABASE_URL: postgres.adminUrl,
      }),
    ];
    // Interleaved rounds: a slow moment of this noisy machine falls on all three alike, and each
    // round's ratio compares measurements taken minutes apart at most.
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const server of servers) {
        const m = await measure(server.port, server.terminalId);
        server.rounds.push(m);
        process.stdout.write(
          `round ${round} ${server.name}: ${m.requestsPerSecond}/s p99 ${m.p99} ms\n`,
        );
      }
    }
    await report(servers);
  } finally {
    for (const child of children) child.kill();
    postgres.stop();
  }
}

async function report(servers: Server[]): Promise<void> {
  const [baseline] = servers;
  if (baseline === undefined) return;
  const ratioOf = (server: Server) =>
    median(
      server.rounds.map(
        (m, i) => m.requestsPerSecond / (baseline.rounds[i]?.requestsPerSecond ?? 1),
      ),
    );
  const rows = servers.map((server) => {
    const rates = server.rounds.map((m) => m.requestsPerSecond);
    const failed = server.rounds.reduce((sum, m) => sum + m.failed, 0);
    return `| ${server.name} | ${median(rates)} (${rates.join(', ')}) | ${ratioOf(server).toFixed(2)} | ${median(server.rounds.map((m) => m.p50))} | ${median(server.rounds.map((m) => m.p99))} | ${failed} |`;
  });
  const pg = servers[2];
  const pgRatio = pg === undefined ? 0 : ratioOf(pg);
  const pgP99 = pg === undefined ? 0 : median(pg.rounds.map((m) => m.p99));
  const verdict = `PostgreSQL against the targets: throughput ${(pgRatio * 100).toFixed(0)}% of baseline (target ≥ 40%) — ${pgRatio >= 0.4 ? 'met' : 'NOT met'}; p99 ${pgP99} ms (target < 20 ms) — ${pgP99 < 20 ? 'met' : 'NOT met'}.`;
  const markdown = [
    '## platform-lookup',
    '',
    `Signed lookups (RFC 9421, ECDSA P-256, a fresh nonce each) of random My Key IDs among ${LINK_COUNT.toLocaleString('en')} links; ${ROUNDS} interleaved rounds of ${REQUESTS.toLocaleString('en')} requests over ${CONNECTIONS} connections by autocannon on the same machine, each after ${WARMUP.toLocaleString('en')} warm-up requests. Baseline: Fastify answering a constant JSON body on the same path, with the same logger. The ratio is the median of the per-round ratios. Run with \`npx tsx bench/platform-lookup/run.ts\`.`,
    '',
    `Machine: ${describeMachine()}. Run: ${new Date().toISOString()}.`,
    '',
    '| server | requests/s, median (rounds) | ratio to baseline | p50 ms | p99 ms | failed |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    verdict,
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  await writeBenchmarkSection('platform-lookup', markdown);
  if (servers.some((server) => server.rounds.some((m) => m.failed > 0))) {
    process.stderr.write('some requests failed: the figures are not valid\n');
    process.exitCode = 1;
  }
}

await run();
