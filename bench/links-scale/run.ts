/**
 * bench/links-scale: signed lookups against 10,000,000 links and against 1,000,000, in the same
 * run on the same PostgreSQL server (two databases), interleaved rounds; and what the tables and
 * their indexes take per million links. The tapped cards are spread over the whole table.
 *   npx tsx bench/links-scale/run.ts      (BENCH_LARGE_LINKS, BENCH_REQUESTS, BENCH_ROUNDS)
 */
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import {
  createDatabase,
  findPostgresBin,
  startTestPostgres,
} from '../../tests/support/postgres-server';
import { cpuMeter } from '../cpu-time';
import { describeMachine, writeBenchmarkSection } from '../machine';
import { makeBenchCards } from '../platform-lookup/bench-cards';
import { drive, prepare, publicJwk, startServer, WARMUP } from '../platform-lookup/load';
import { median } from '../stats';

const SMALL = Number(process.env.BENCH_SMALL_LINKS ?? 1_000_000);
const LARGE = Number(process.env.BENCH_LARGE_LINKS ?? 10_000_000);
const CARDS = 2_000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;

interface Side {
  links: number;
  port: number;
  terminalId: string;
  certificates: string[];
  url: string;
  child: ChildProcess;
  rounds: Array<{
    rate: number;
    p99: number;
    failed: number;
    platformUs: number;
    postgresUs: number;
  }>;
}

interface Bytes {
  table: number;
  indexes: number;
}

/** Bytes of a person's row (my_keys) and of a link's (links), each table with its indexes. */
async function sizes(url: string): Promise<{ myKeys: Bytes; links: Bytes }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const of = async (table: string) => {
    const { rows } = await client.query<{ t: string; i: string }>(
      'SELECT pg_table_size($1::regclass)::bigint AS t, pg_indexes_size($1::regclass)::bigint AS i',
      [table],
    );
    return { table: Number(rows[0]?.t), indexes: Number(rows[0]?.i) };
  };
  const result = { myKeys: await of('my_keys'), links: await of('links') };
  await client.end();
  return result;
}

async function run(): Promise<void> {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error('PostgreSQL is not installed: apt-get install postgresql');
  const postgres = await startTestPostgres(bin);
  const children: ChildProcess[] = [];
  try {
    const sides: Side[] = [];
    for (const links of [SMALL, LARGE]) {
      process.stdout.write(`loading ${links.toLocaleString('en')} links…\n`);
      const made = await makeBenchCards(CARDS, Math.floor(links / CARDS));
      const url = await createDatabase(postgres.adminUrl, `links_${links}`);
      const loadStarted = performance.now();
      const server = await startServer(['platform', JSON.stringify(publicJwk)], {
        DATABASE_URL: url,
        BENCH_LINKS: String(links),
        BENCH_CARDS_FILE: made.file,
      });
      process.stdout.write(
        `  ready in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s\n`,
      );
      children.push(server.child);
      sides.push({
        links,
        ...server,
        certificates: made.cards.certificates,
        url,
        rounds: [],
      });
    }
    for (let round = 1; round <= ROUNDS; round += 1)
      for (const side of sides) {
        await drive(
          side.port,
          await prepare(side.terminalId, WARMUP, side.certificates),
          CONNECTIONS,
        );
        const requests = await prepare(side.terminalId, REQUESTS, side.certificates);
        const cpu = cpuMeter(side.child.pid ?? 0);
        const result = await drive(side.port, requests, CONNECTIONS);
        const measured = {
          rate: Math.round(result.requests.total / result.seconds),
          p99: result.latency.p99,
          failed: result.non2xx + result.errors,
          ...cpu(result.requests.total),
        };
        side.rounds.push(measured);
        process.stdout.write(
          `round ${round}, ${side.links.toLocaleString('en')} links: ${measured.rate}/s p99 ${measured.p99} ms, CPU µs per lookup: platform ${measured.platformUs}, PostgreSQL ${measured.postgresUs}\n`,
        );
      }
    const [small, large] = sides;
    if (small === undefined || large === undefined) return;
    const ratio = median(large.rounds.map((m, i) => m.rate / (small.rounds[i]?.rate ?? 1)));
    const rows = [];
    for (const side of sides) {
      const bytes = await sizes(side.url);
      const mib = (n: number) => (((n / side.links) * 1e6) / 2 ** 20).toFixed(0);
      const perMillion = (b: Bytes) => `${mib(b.table)} + ${mib(b.indexes)} MiB`;
      rows.push(
        `| ${side.links.toLocaleString('en')} | ${median(side.rounds.map((m) => m.rate))} (${side.rounds.map((m) => m.rate).join(', ')}) | ${median(side.rounds.map((m) => m.p99))} | ${side.rounds.reduce((n, m) => n + m.failed, 0)} | ${median(side.rounds.map((m) => m.platformUs))} | ${median(side.rounds.map((m) => m.postgresUs))} | ${perMillion(bytes.myKeys)} | ${perMillion(bytes.links)} |`,
      );
    }
    const markdown = [
      '## links-scale',
      '',
      `Signed lookups (as bench/platform-lookup, one platform process) against ${LARGE.toLocaleString('en')} links and against ${SMALL.toLocaleString('en')}, two databases on the same PostgreSQL server, ${ROUNDS} interleaved rounds of ${REQUESTS.toLocaleString('en')} requests over ${CONNECTIONS} connections after ${WARMUP.toLocaleString('en')} warm-up ones each; ${CARDS.toLocaleString('en')} bench cards spread evenly over each table. Sizes: \`my_keys\` (one row per person) and \`links\` (one row per link), each table and its indexes, per million rows (one link per person here). CPU per lookup: the platform's process and all of PostgreSQL's (from /proc, over each measured round), medians. Run with \`npx tsx bench/links-scale/run.ts\`.`,
      '',
      `Machine: ${describeMachine()}. Run: ${new Date().toISOString()}.`,
      '',
      '| links | lookups/s, median (rounds) | p99 ms | failed | CPU µs per lookup: platform | CPU µs per lookup: PostgreSQL | my_keys per million people (table + indexes) | links per million links (table + indexes) |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      `Ratio of the lookup rate at ${LARGE.toLocaleString('en')} links to ${SMALL.toLocaleString('en')}: **${ratio.toFixed(2)}** (median of the per-round ratios).`,
    ].join('\n');
    process.stdout.write(`${markdown}\n`);
    await writeBenchmarkSection('links-scale', markdown);
    if (sides.some((side) => side.rounds.some((m) => m.failed > 0))) process.exitCode = 1;
  } finally {
    for (const child of children) child.kill();
    postgres.stop();
  }
}

await run();
