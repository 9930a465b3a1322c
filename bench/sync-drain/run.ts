/**
 * bench/sync-drain: 10,000 queued registrations drained to the platform on loopback by the app's
 * own outbox and sender, against the platform's batch endpoint driven directly with the same
 * batches (signed the same way, one request in flight, as a terminal sends), in the same run,
 * interleaved; and the initial JS of the app, gzipped.
 * Targets: the drain at ≥ 80% of the direct rate; initial JS < 60 KB gzip.
 *   npx tsx bench/sync-drain/run.ts      (BENCH_OPERATIONS, BENCH_ROUNDS)
 *
 * The outbox runs here on fake-indexeddb (Node has no IndexedDB): the figure is the outbox's and
 * sender's own cost (sealing, ordering, settling) over the network and the platform, not a
 * particular browser's IndexedDB speed.
 */
import 'fake-indexeddb/auto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { IDBFactory } from 'fake-indexeddb';
import { Outbox } from '../../app/outbox/outbox';
import { OutboxSender } from '../../app/outbox/sender';
import { openReceptionDb } from '../../app/storage/reception-db';
import { platformClient } from '../../app/terminal/platform-client';
import { COUNTER_API } from '../../core/api/routes/counter';
import type { RegisterLinkOperation } from '../../core/api/sync';
import { buildApp } from '../../tests/support/browser';
import { describeMachine, writeBenchmarkSection } from '../machine';
import { benchSigner, publicJwk, startServer } from '../platform-lookup/load';
import { benchMyKeyId, benchServiceId } from '../platform-lookup/load-links';
import { median } from '../stats';

const OPERATIONS = Number(process.env.BENCH_OPERATIONS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 100;
const TARGET_RATIO = 0.8;
const TARGET_JS_KB = 60;

/** Each run registers its own range of My Key IDs, so every operation does the full work. */
const operationsFor = (run: number, count = OPERATIONS): RegisterLinkOperation[] =>
  Array.from({ length: count }, (_, i) => {
    const n = run * OPERATIONS + i + 1;
    return {
      kind: 'registerLink',
      operationId: crypto.randomUUID(),
      myKeyId: benchMyKeyId(n),
      serviceCode: 'A-a1-0001',
      serviceId: benchServiceId(n),
    };
  });

async function direct(
  base: string,
  terminalId: string,
  operations: RegisterLinkOperation[],
): Promise<number> {
  const signer = benchSigner(terminalId);
  const platform = platformClient({ kind: 'terminal', signer: () => signer }, base);
  const started = performance.now();
  for (let i = 0; i < operations.length; i += BATCH) {
    const answer = await platform.call(COUNTER_API.sync, {
      operations: operations.slice(i, i + BATCH),
    });
    if (!answer.ok) throw new Error(`direct batch answered ${answer.status} ${answer.code}`);
  }
  return operations.length / ((performance.now() - started) / 1000);
}

async function drain(
  base: string,
  terminalId: string,
  operations: RegisterLinkOperation[],
): Promise<number> {
  globalThis.indexedDB = new IDBFactory();
  const db = await openReceptionDb('bench');
  const outbox = await Outbox.open(db);
  for (const op of operations) await outbox.enqueue(op);
  const signer = benchSigner(terminalId);
  const platform = platformClient({ kind: 'terminal', signer: () => signer }, base);
  let failed = false;
  const sender = new OutboxSender({
    outbox,
    batchSize: BATCH,
    transport: {
      send: (ops) => platform.call(COUNTER_API.sync, { operations: ops }),
    },
    schedule: () => {
      failed = true;
      return () => {};
    },
  });
  const started = performance.now();
  const outcome = await sender.drain();
  const seconds = (performance.now() - started) / 1000;
  if (outcome !== 'drained' || failed) throw new Error(`the drain ended ${outcome}`);
  const status = await outbox.status();
  if (status.pending !== 0 || status.rejected.length !== 0)
    throw new Error(
      `after the drain: ${status.pending} pending, ${status.rejected.length} refused`,
    );
  db.close();
  return operations.length / seconds;
}

/** The JS the browser must fetch before the first screen: index.html's module and preloads. */
function initialJsGzipBytes(appDir: string): { bytes: number; files: string[] } {
  const html = readFileSync(join(appDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map(
    (m) => m[1] as string,
  );
  const bytes = files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(appDir, file))).length,
    0,
  );
  return { bytes, files };
}

/**
 * What a tablet downloads the first time it opens the app: the page, its service worker and
 * everything the worker installs, each as the platform sends it to a browser that accepts brotli
 * (the .br copy where the build made one). The barcode WebAssembly is left out of the install.
 */
function firstLoadBytes(appDir: string): { sent: number; raw: number; wasmSent: number } {
  const sw = readFileSync(join(appDir, 'sw.js'), 'utf8');
  const urls = new Set([
    'index.html',
    'sw.js',
    ...[...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1] as string),
  ]);
  const sentSize = (file: string) => {
    const path = join(appDir, file);
    return existsSync(`${path}.br`) ? statSync(`${path}.br`).size : statSync(path).size;
  };
  let sent = 0;
  let raw = 0;
  for (const url of urls) {
    sent += sentSize(url);
    raw += statSync(join(appDir, url)).size;
  }
  const wasm = readdirSync(join(appDir, 'assets')).filter((f) => f.endsWith('.wasm'));
  const wasmSent = wasm.reduce((sum, f) => sum + sentSize(join('assets', f)), 0);
  return { sent, raw, wasmSent };
}

process.stdout.write(
  `sync-drain: ${ROUNDS} rounds of ${OPERATIONS} operations, batches of ${BATCH}\n`,
);
const WARMUP = 1000;
const server = await startServer([
  'platform',
  JSON.stringify(publicJwk),
  `mykeys:${2 * ROUNDS * OPERATIONS + WARMUP}`,
]);
const base = `http://127.0.0.1:${server.port}`;
const directRates: number[] = [];
const drainRates: number[] = [];
try {
  // A warm-up run of each, on IDs no measured run uses.
  await direct(base, server.terminalId, operationsFor(2 * ROUNDS, WARMUP));
  for (let round = 0; round < ROUNDS; round += 1) {
    const first = round % 2 === 0 ? 'direct' : 'drain';
    for (const which of first === 'direct' ? ['direct', 'drain'] : ['drain', 'direct']) {
      const run = 2 * round + (which === 'direct' ? 0 : 1);
      const rate =
        which === 'direct'
          ? await direct(base, server.terminalId, operationsFor(run))
          : await drain(base, server.terminalId, operationsFor(run));
      (which === 'direct' ? directRates : drainRates).push(rate);
      process.stdout.write(`round ${round + 1} ${which}: ${Math.round(rate)} operations/s\n`);
    }
  }
} finally {
  server.child.kill();
}

const ratios = drainRates.map((rate, i) => rate / (directRates[i] ?? 1));
const ratio = median(ratios);
const appDir = await buildApp();
const js = initialJsGzipBytes(appDir);
const kb = js.bytes / 1024;
const first = firstLoadBytes(appDir);
const markdown = [
  '## sync-drain',
  '',
  `${OPERATIONS.toLocaleString('en')} registrations (each a new link for a registered My Key ID) sent to the platform (PGlite, in its own process, loopback) in signed batches of ${BATCH}, one request in flight. Drain: the app's outbox (AES-GCM sealed records in IndexedDB, here fake-indexeddb in Node) emptied by the app's sender, from the first read to the last settled record. Direct: the same batches sent straight to \`POST /v1/terminal/sync\` through the app's platform client (signed, each answer read with the route's schema), with no outbox. ${ROUNDS} interleaved rounds; the ratio is the median of the per-round ratios. Run with \`npx tsx bench/sync-drain/run.ts\`.`,
  '',
  `Machine: ${describeMachine()}. Run: ${new Date().toISOString()}.`,
  '',
  '| path | operations/s, median (rounds) |',
  '|---|---|',
  `| baseline: batch endpoint driven directly | ${Math.round(median(directRates))} (${directRates.map(Math.round).join(', ')}) |`,
  `| the app's outbox drained by its sender | ${Math.round(median(drainRates))} (${drainRates.map(Math.round).join(', ')}) |`,
  '',
  `Ratio drain / direct: ${ratio.toFixed(2)} (rounds ${ratios.map((r) => r.toFixed(2)).join(', ')}; target ≥ ${TARGET_RATIO}) — ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}.`,
  '',
  `Initial JS of the app, gzip: ${kb.toFixed(1)} KB (${js.files.join(', ')}; target < ${TARGET_JS_KB} KB) — ${kb < TARGET_JS_KB ? 'met' : 'NOT met'}.`,
  '',
  `First load, as transferred (the page, the service worker and its install, brotli where the build made a copy): ${(first.sent / 1024).toFixed(1)} KB, against ${(first.raw / 1024).toFixed(1)} KB uncompressed. The barcode WebAssembly (${(first.wasmSent / 1024).toFixed(1)} KB as transferred) comes only with the first camera read.`,
].join('\n');
process.stdout.write(`${markdown}\n`);
await writeBenchmarkSection('sync-drain', markdown);
process.exit(0);
