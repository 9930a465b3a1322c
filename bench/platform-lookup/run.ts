/**
 * bench/platform-lookup: signed lookups per second and p99 latency with 1,000,000 links, on PGlite
 * and on PostgreSQL, against Fastify answering a constant JSON body, all in the same run.
 * Target (PostgreSQL, 2 cores): ≥ 40% of the baseline's throughput and p99 < 20 ms.
 *   npx tsx bench/platform-lookup/run.ts       (BENCH_REQUESTS, BENCH_CONNECTIONS to change the load)
 */

import { findPostgresBin, startTestPostgres } from '../../tests/support/postgres-server';
import { describeMachine, writeBenchmarkSection } from '../machine';
import { drive, prepare, publicJwk, startServer, WARMUP } from './load';
import { LINK_COUNT } from './load-links';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Measurement {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function measure(name: string, port: number, terminalId: string): Promise<Measurement> {
  const warmup = await prepare(terminalId, WARMUP);
  await drive(port, warmup, CONNECTIONS);
  const requests = await prepare(terminalId, REQUESTS);
  const result = await drive(port, requests, CONNECTIONS);
  return {
    name,
    requestsPerSecond: Math.round(result.requests.total / result.seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function run(): Promise<void> {
  process.stdout.write(
    `platform-lookup: ${REQUESTS} signed lookups, ${CONNECTIONS} connections, ${LINK_COUNT} links\n`,
  );
  const results: Measurement[] = [];

  const baseline = await startServer(['baseline']);
  results.push(await measure('baseline: Fastify, constant JSON', baseline.port, 'baseline'));
  baseline.child.kill();

  process.stdout.write('loading 1,000,000 links into PGlite…\n');
  const pglite = await startServer(['platform', JSON.stringify(publicJwk)], { DATABASE_URL: '' });
  results.push(await measure('platform on PGlite', pglite.port, pglite.terminalId));
  pglite.child.kill();

  const bin = findPostgresBin();
  if (bin === undefined) throw new Error('PostgreSQL is not installed: apt-get install postgresql');
  const postgres = await startTestPostgres(bin);
  try {
    process.stdout.write('loading 1,000,000 links into PostgreSQL…\n');
    const server = await startServer(['platform', JSON.stringify(publicJwk)], {
      DATABASE_URL: postgres.adminUrl,
    });
    results.push(await measure('platform on PostgreSQL', server.port, server.terminalId));
    server.child.kill();
  } finally {
    postgres.stop();
  }

  const base = results[0]?.requestsPerSecond ?? 1;
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.requestsPerSecond} | ${(r.requestsPerSecond / base).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.non2xx + r.errors} |`,
  );
  const pg = results[2];
  const verdict =
    pg === undefined
      ? ''
      : `PostgreSQL against the targets: throughput ${((pg.requestsPerSecond / base) * 100).toFixed(0)}% of baseline (target ≥ 40%) — ${pg.requestsPerSecond / base >= 0.4 ? 'met' : 'NOT met'}; p99 ${pg.p99} ms (target < 20 ms) — ${pg.p99 < 20 ? 'met' : 'NOT met'}.`;
  const markdown = [
    '## platform-lookup',
    '',
    `Signed lookups (RFC 9421, ECDSA P-256, a fresh nonce each) of random My Key IDs among ${LINK_COUNT.toLocaleString('en')} links; ${REQUESTS.toLocaleString('en')} requests over ${CONNECTIONS} connections by autocannon on the same machine, after ${WARMUP.toLocaleString('en')} warm-up requests. Baseline: Fastify answering a constant JSON body on the same path, with the same logger. Run with \`npx tsx bench/platform-lookup/run.ts\`.`,
    '',
    `Machine: ${describeMachine()}. Run: ${new Date().toISOString()}.`,
    '',
    '| server | requests/s | ratio to baseline | p50 ms | p99 ms | failed |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    verdict,
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  await writeBenchmarkSection('platform-lookup', markdown);
  if (results.some((r) => r.non2xx + r.errors > 0)) {
    process.stderr.write('some requests failed: the figures are not valid\n');
    process.exitCode = 1;
  }
}

await run();
