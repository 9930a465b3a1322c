/**
 * bench/many-terminals: 1,000 terminals, each with 100 registrations queued while offline, come
 * back at once and drain into a platform of MYKEY_WORKERS=2 on PostgreSQL, as the app sends (one
 * batch of up to 100, the app's platform client with its 30 s limit, sent again after a failure).
 * Every operation must be applied once; the figures are the total time, and the slowest terminal's
 * finish against the median's (no terminal starved). Baseline, in the same run on the same
 * platform: one terminal draining its 100 alone.
 *   npx tsx bench/many-terminals/run.ts      (BENCH_TERMINALS, BENCH_QUEUED, BENCH_WORKERS)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeBatchFailure } from '../../app/outbox/sync-policy';
import { platformClient } from '../../app/terminal/platform-client';
import { COUNTER_API } from '../../core/api/routes/counter';
import { OPERATION_RETENTION_DAYS, type RegisterLinkOperation } from '../../core/api/sync';
import { createTerminal, enrolTerminal } from '../../platform/domain/terminals';
import { seedDemoCatalogueIfEmpty } from '../../platform/process/demo-catalogue';
import { openDatabase } from '../../platform/store/open';
import { freePort, PlatformProcess } from '../../tests/support/platform-process';
import { findPostgresBin, startTestPostgres } from '../../tests/support/postgres-server';
import { describeMachine, writeBenchmarkSection } from '../machine';
import { benchSigner, publicJwk } from '../platform-lookup/load';
import { benchMyKeyId, benchServiceId, loadMyKeyIds } from '../platform-lookup/load-links';
import { median, quantile } from '../stats';

const TERMINALS = Number(process.env.BENCH_TERMINALS ?? 1_000);
const QUEUED = Number(process.env.BENCH_QUEUED ?? 100);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const ALONE_RUNS = 5;
interface Drained {
  ms: number;
  sends: number;
  applied: number;
  /** Why each failed send failed: status and code, as the app saw it. */
  failures: string[];
}

/** One terminal's outbox: its queued registrations, sent until the platform has applied them. */
async function drain(
  base: string,
  terminalId: string,
  operations: RegisterLinkOperation[],
): Promise<Drained> {
  const signer = benchSigner(terminalId);
  const platform = platformClient({ kind: 'terminal', signer: () => signer }, base);
  const started = performance.now();
  const failures: string[] = [];
  for (let sends = 1; ; sends += 1) {
    const answer = await platform.call(COUNTER_API.sync, { operations });
    if (answer.ok) {
      const applied = answer.value.results.filter(
        (r) => r.status === 'applied' && r.outcome === 'registered',
      ).length;
      return { ms: performance.now() - started, sends, applied, failures };
    }
    failures.push(`${answer.status ?? 'no answer'} ${answer.code}`);
    // The app's own rule for when to send again (Retry-After, else its jittered backoff).
    const verdict = judgeBatchFailure(answer, failures.length - 1, Date.now(), Math.random());
    if (verdict.kind === 'stop')
      throw new Error(`terminal ${terminalId}: refused ${answer.status} ${answer.code}`);
    await new Promise((resolve) => setTimeout(resolve, verdict.afterMs));
  }
}

const operationsFrom = (first: number): RegisterLinkOperation[] =>
  Array.from({ length: QUEUED }, (_, i) => ({
    kind: 'registerLink',
    operationId: randomUUID(),
    myKeyId: benchMyKeyId(first + i),
    serviceCode: 'A-a1-0001',
    serviceId: benchServiceId(first + i),
  }));

async function run(): Promise<void> {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error('PostgreSQL is not installed: apt-get install postgresql');
  const postgres = await startTestPostgres(bin);
  const dataDir = mkdtempSync(join(tmpdir(), 'mykey-many-terminals-'));
  let platform: PlatformProcess | undefined;
  try {
    process.stdout.write(
      `many-terminals: ${TERMINALS} terminals × ${QUEUED} queued, ${WORKERS} workers\n`,
    );
    const db = await openDatabase({ databaseUrl: postgres.adminUrl });
    await seedDemoCatalogueIfEmpty(db);
    const people = (TERMINALS + ALONE_RUNS) * QUEUED;
    await loadMyKeyIds(db, people);
    const terminalIds: string[] = [];
    for (let i = 0; i < TERMINALS + ALONE_RUNS; i += 1) {
      const created = await createTerminal(db, { providerCode: 'a1', name: `bench ${i}` });
      if (!created.ok) throw new Error(created.code);
      const enrolled = await enrolTerminal(db, {
        enrolmentCode: created.value.enrolmentCode,
        publicKey: publicJwk as never,
      });
      if (!enrolled.ok) throw new Error(enrolled.code);
      terminalIds.push(enrolled.value.terminalId);
    }
    await db.exec('ANALYZE');
    platform = new PlatformProcess(
      {
        DATABASE_URL: postgres.adminUrl,
        MYKEY_DATA_DIR: dataDir,
        MYKEY_WORKERS: String(WORKERS),
        MYKEY_LOG_LEVEL: 'warn',
      },
      await freePort(),
    );
    const base = await platform.start();

    // Baseline: one terminal at a time, nobody else sending.
    const alone: number[] = [];
    for (let run = 0; run < ALONE_RUNS; run += 1) {
      const id = terminalIds[TERMINALS + run] ?? '';
      alone.push((await drain(base, id, operationsFrom((TERMINALS + run) * QUEUED + 1))).ms);
    }
    process.stdout.write(`one terminal alone: ${alone.map((ms) => ms.toFixed(0)).join(', ')} ms\n`);

    const started = performance.now();
    const drained = await Promise.all(
      terminalIds
        .slice(0, TERMINALS)
        .map((id, t) => drain(base, id, operationsFrom(t * QUEUED + 1))),
    );
    const totalMs = performance.now() - started;

    const [stored] = await db.query<{ links: number; operations: number; bytes: string }>(
      `SELECT (SELECT count(*)::int FROM links WHERE service_code = 'A-a1-0001') AS links,
              (SELECT count(*)::int FROM sync_operations) AS operations,
              pg_total_relation_size('sync_operations')::bigint AS bytes`,
    );
    await db.close();
    const expected = people;
    const appliedOnce =
      stored?.links === expected &&
      stored.operations === expected &&
      drained.every((d) => d.applied === QUEUED);
    const finishes = drained.map((d) => d.ms);
    const medianMs = median(finishes);
    const slowestMs = Math.max(...finishes);
    const aloneMs = median(alone);
    const resent = drained.filter((d) => d.sends > 1).length;
    const reasons = new Map<string, number>();
    for (const reason of drained.flatMap((d) => d.failures))
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    const why = [...reasons].map(([reason, n]) => `${n} × ${reason}`).join(', ') || 'none';
    const markdown = [
      '## many-terminals',
      '',
      `${TERMINALS.toLocaleString('en')} terminals, each with ${QUEUED} registrations queued, drain at once into the platform on PostgreSQL with \`MYKEY_WORKERS=${WORKERS}\` (a real \`npm run start:platform\`), each as the app sends: one batch, the app's platform client (30 s limit), sent again when the app's sender would (\`judgeBatchFailure\`: the platform's Retry-After, else its jittered backoff). Baseline in the same run, same platform: one terminal draining its ${QUEUED} alone (median of ${ALONE_RUNS}). Run with \`npx tsx bench/many-terminals/run.ts\`.`,
      '',
      `Machine: ${describeMachine()}. Run: ${new Date().toISOString()}.`,
      '',
      '| figure | value |',
      '|---|---|',
      `| operations applied exactly once | ${appliedOnce ? 'yes' : 'NO'}: ${stored?.links.toLocaleString('en')} links and ${stored?.operations.toLocaleString('en')} stored operations for ${expected.toLocaleString('en')} sent |`,
      `| total time, all terminals | ${(totalMs / 1000).toFixed(1)} s (${Math.round((TERMINALS * QUEUED) / (totalMs / 1000)).toLocaleString('en')} operations/s) |`,
      `| one terminal alone (baseline) | ${aloneMs.toFixed(0)} ms |`,
      `| median terminal's finish | ${(medianMs / 1000).toFixed(1)} s, ${(medianMs / aloneMs).toFixed(0)}× alone |`,
      `| 90th percentile's finish | ${(quantile(finishes, 0.9) / 1000).toFixed(1)} s |`,
      `| slowest terminal's finish | ${(slowestMs / 1000).toFixed(1)} s, **${(slowestMs / medianMs).toFixed(2)}× the median's** |`,
      `| kept for replays: \`sync_operations\` with its indexes | ${Math.round(Number(stored?.bytes) / (stored?.operations ?? 1))} bytes per operation (kept ${OPERATION_RETENTION_DAYS} days) |`,
      `| terminals that had to send again | ${resent} (failed sends: ${why}) |`,
    ].join('\n');
    process.stdout.write(`${markdown}\n`);
    await writeBenchmarkSection('many-terminals', markdown);
    if (!appliedOnce) process.exitCode = 1;
  } finally {
    await platform?.stop();
    postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await run();
