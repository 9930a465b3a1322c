/**
 * bench/points: signed awards and redemptions per second on PostgreSQL with 100,000 point
 * accounts, a fifth of them on 100 hot accounts, against signed lookups on the same server in the
 * same run. Target: ≥ 0.5 of the lookups' rate; no overdraft and entries summing to zero at the end.
 * Each operation sends a tapped card's certificate, as a counter does (the platform checks the card
 * as a lookup does, then moves its holder's points): the bench's cards (BENCH_POINT_CARDS,
 * 20,000 by default) are bound to the first accounts, so operations go to those, a fifth to the
 * first 100. With only a few hundred cards every account would pile up lots run after run, and the
 * bench would measure a much hotter ledger than the one it measured before cards were needed.
 *   npx tsx bench/points/run.ts       (BENCH_REQUESTS, BENCH_ROUNDS, BENCH_CONNECTIONS)
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { signRequest } from '../../core/http-signature/sign-request';
import { findPostgresBin, startTestPostgres } from '../../tests/support/postgres-server';
import { cpuMeter } from '../cpu-time';
import { describeMachine, writeBenchmarkSection } from '../machine';
import { makeBenchCards } from '../platform-lookup/bench-cards';
import {
  benchSigner,
  drive,
  type PreparedRequest,
  prepare,
  publicJwk,
  startServer,
  WARMUP,
} from '../platform-lookup/load';
import { median } from '../stats';
import { BENCH_PROGRAMME, OPENING_POINTS } from './load-points';

const ACCOUNTS = 100_000;
const HOT_ACCOUNTS = 100;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CARDS = Number(process.env.BENCH_POINT_CARDS ?? 20_000);

/**
 * A fifth of the operations go to 100 hot accounts (a popular shop's regulars), the rest to any of
 * the bench's cards (each bound to one account).
 */
const someone = () =>
  certificates[
    Math.floor(
      Math.random() *
        (Math.random() < 0.2 ? Math.min(HOT_ACCOUNTS, certificates.length) : certificates.length),
    )
  ] ?? '';

async function signed(
  terminalId: string,
  path: string,
  payload: unknown,
): Promise<PreparedRequest> {
  const body = JSON.stringify(payload);
  const headers = await signRequest(benchSigner(terminalId), {
    method: 'POST',
    pathAndQuery: path,
    body,
  });
  return {
    method: 'POST',
    path,
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  };
}

/** Lookups tap one of the bench's cards (a lookup sends the certificate). */
let certificates: string[] = [];
const lookups = (terminalId: string, count: number) => prepare(terminalId, count, certificates);

/** Half awards (a purchase of 100 to 5,000 yen), half redemptions of 1 point. */
async function pointOperations(
  terminalId: string,
  count: number,
  sent: { awards: number; redemptions: number },
): Promise<PreparedRequest[]> {
  const prepared: PreparedRequest[] = [];
  for (let n = 0; n < count; n += 1) {
    const common = {
      operationId: randomUUID(),
      certificate: someone(),
      programmeCode: BENCH_PROGRAMME.code,
    };
    if (n % 2 === 0) {
      sent.awards += 1;
      const yen = 100 + Math.floor(Math.random() * 4901);
      prepared.push(
        await signed(terminalId, '/v1/terminal/points/award', {
          ...common,
          kind: 'awardPoints',
          madeAt: new Date().toISOString(),
          award: { by: 'purchase', yen },
        }),
      );
    } else {
      sent.redemptions += 1;
      prepared.push(
        await signed(terminalId, '/v1/terminal/points/redeem', {
          ...common,
          kind: 'redeemPoints',
          points: 1,
        }),
      );
    }
  }
  return prepared;
}

interface Round {
  lookups: number;
  points: number;
  pointsP99: number;
  failed: number;
  /** CPU per award or redemption, µs: the platform's process and all of PostgreSQL's. */
  platformUs: number;
  postgresUs: number;
}

async function run(): Promise<void> {
  process.stdout.write(
    `points: ${ROUNDS} rounds of ${REQUESTS} signed operations and lookups, ${CONNECTIONS} connections, ${ACCOUNTS} accounts\n`,
  );
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error('PostgreSQL is not installed: apt-get install postgresql');
  const postgres = await startTestPostgres(bin);
  let child: ChildProcess | undefined;
  try {
    process.stdout.write('starting the platform on PostgreSQL and loading the accounts…\n');
    const cards = await makeBenchCards(CARDS);
    certificates = cards.cards.certificates;
    const server = await startServer(
      ['platform', JSON.stringify(publicJwk), `points:${ACCOUNTS}`],
      { DATABASE_URL: postgres.adminUrl, BENCH_CARDS_FILE: cards.file },
    );
    child = server.child;
    const { port, terminalId } = server;
    const sent = { awards: 0, redemptions: 0 };
    await drive(port, await lookups(terminalId, WARMUP), CONNECTIONS);
    await drive(port, await pointOperations(terminalId, WARMUP, sent), CONNECTIONS);
    const rounds: Round[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const a = await drive(port, await lookups(terminalId, REQUESTS), CONNECTIONS);
      const operations = await pointOperations(terminalId, REQUESTS, sent);
      const cpu = cpuMeter(child.pid ?? 0);
      const b = await drive(port, operations, CONNECTIONS);
      const measured = {
        ...cpu(b.requests.total),
        lookups: Math.round(a.requests.total / a.seconds),
        points: Math.round(b.requests.total / b.seconds),
        pointsP99: b.latency.p99,
        failed: a.non2xx + a.errors + b.non2xx + b.errors,
      };
      rounds.push(measured);
      process.stdout.write(
        `round ${round}: lookups ${measured.lookups}/s, points ${measured.points}/s (p99 ${measured.pointsP99} ms), failed ${measured.failed}\n`,
      );
    }
    const ledger = await checkLedger(postgres.adminUrl);
    await report(rounds, sent, ledger, await ledgerBytes(postgres.adminUrl));
  } finally {
    child?.kill();
    postgres.stop();
  }
}

interface Ledger {
  unbalanced: number;
  negative: number;
  drifted: number;
  awards: number;
  redemptions: number;
  held: number;
}

/** The ledger after the run: every movement balanced, no holder below zero, balances = entries. */
async function checkLedger(url: string): Promise<Ledger> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<keyof Ledger, string>>(
      `SELECT
         (SELECT count(*) FROM (SELECT 1 FROM point_entries GROUP BY movement_id HAVING sum(amount) <> 0) u) AS unbalanced,
         (SELECT count(*) FROM point_accounts WHERE kind = 'holder' AND balance < 0) AS negative,
         (SELECT count(*) FROM (SELECT a.id FROM point_accounts a JOIN point_entries e ON e.account_id = a.id
            WHERE a.kind = 'holder' GROUP BY a.id, a.balance HAVING a.balance <> sum(e.amount)) d) AS drifted,
         (SELECT count(*) FROM point_movements WHERE programme_code = $1 AND kind = 'award') - $2 AS awards,
         (SELECT count(*) FROM point_movements WHERE programme_code = $1 AND kind = 'redeem') AS redemptions,
         (SELECT sum(balance) FROM point_accounts WHERE programme_code = $1 AND kind = 'holder') AS held`,
      [BENCH_PROGRAMME.code, ACCOUNTS],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('no ledger row');
    return Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, Number(v)]),
    ) as unknown as Ledger;
  } finally {
    await client.end();
  }
}

/** What the points take on disk: per holder's account, and per movement in the ledger. */
async function ledgerBytes(url: string): Promise<{ perAccount: number; perMovement: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, string>>(
      `SELECT pg_total_relation_size('point_accounts') / (SELECT count(*) FROM point_accounts) AS per_account,
              (pg_total_relation_size('point_movements') + pg_total_relation_size('point_entries')
               + pg_total_relation_size('point_lots') + pg_total_relation_size('point_lot_uses'))
              / (SELECT count(*) FROM point_movements) AS per_movement`,
    );
    return { perAccount: Number(rows[0]?.per_account), perMovement: Number(rows[0]?.per_movement) };
  } finally {
    await client.end();
  }
}

async function report(
  rounds: Round[],
  sent: { awards: number; redemptions: number },
  ledger: Ledger,
  bytes: { perAccount: number; perMovement: number },
): Promise<void> {
  const ratios = rounds.map((r) => r.points / r.lookups);
  const ratio = median(ratios);
  const failed = rounds.reduce((n, r) => n + r.failed, 0);
  const exact = ledger.awards === sent.awards && ledger.redemptions === sent.redemptions;
  const sound = ledger.unbalanced === 0 && ledger.negative === 0 && ledger.drifted === 0;
  const markdown = [
    '## points',
    '',
    `Signed 付与 and 利用 (RFC 9421, one operation per request through \`/v1/terminal/points/award\` and \`/redeem\`, half each: a purchase of 100–5,000 yen, or 1 point) on PostgreSQL with ${ACCOUNTS.toLocaleString('en')} point accounts (each with a link, opened with ${OPENING_POINTS.toLocaleString('en')} points), a fifth of them on ${HOT_ACCOUNTS} hot accounts, against signed lookups of the same My Key IDs on the same server: ${ROUNDS} interleaved rounds of ${REQUESTS.toLocaleString('en')} requests each over ${CONNECTIONS} connections by autocannon, after ${WARMUP.toLocaleString('en')} warm-up requests of each. The ratio is the median of the per-round ratios. Run with \`npx tsx bench/points/run.ts\`.`,
    '',
    `Machine: ${describeMachine()}. Run: ${new Date().toISOString()}.`,
    '',
    '| round | lookups/s (baseline) | awards and redemptions/s | ratio | p99 ms (points) | failed | CPU µs per operation: platform | CPU µs per operation: PostgreSQL |',
    '|---|---|---|---|---|---|---|---|',
    ...rounds.map(
      (r, i) =>
        `| ${i + 1} | ${r.lookups} | ${r.points} | ${(r.points / r.lookups).toFixed(2)} | ${r.pointsP99} | ${r.failed} | ${r.platformUs} | ${r.postgresUs} |`,
    ),
    '',
    `Ratio points / lookups: ${ratio.toFixed(2)} (target ≥ 0.5) — ${ratio >= 0.5 ? 'met' : 'NOT met'}.`,
    `The ledger after the run: ${ledger.awards.toLocaleString('en')} awards and ${ledger.redemptions.toLocaleString('en')} redemptions applied for ${sent.awards.toLocaleString('en')} and ${sent.redemptions.toLocaleString('en')} sent (each exactly once — ${exact ? 'yes' : 'NO'}); movements that do not sum to zero: ${ledger.unbalanced}; holder balances below zero: ${ledger.negative}; balances that differ from their entries: ${ledger.drifted} — ${sound ? 'sound' : 'NOT sound'}.`,
    `On disk: ${bytes.perAccount} bytes per point account (a holder's or a shop's, with its indexes); ${bytes.perMovement.toLocaleString('en')} bytes per movement in the ledger (the movement, its entries, lots and lot uses, with their indexes). CPU per operation from /proc over each measured points round.`,
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  await writeBenchmarkSection('points', markdown);
  if (failed > 0 || !exact || !sound) {
    process.stderr.write('requests failed or the ledger is not sound: the figures are not valid\n');
    process.exitCode = 1;
  }
}

await run();
