/**
 * The two servers the benchmark compares, each run in a child process of its own so the load
 * generator does not share their event loop:
 *   baseline  Fastify answering a constant JSON body on the lookup path
 *   platform  the real platform with 1,000,000 links loaded (PGlite in memory, or PostgreSQL),
 *             or with registered My Key IDs only (bench/sync-drain)
 * Prints one JSON line `{ "port": …, "terminalId": … }` when it is ready.
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { TrustAnchors } from '../../platform/certificates/trust-anchors';
import { createTerminal, enrolTerminal } from '../../platform/domain/terminals';
import { buildPlatformApp } from '../../platform/http/app';
import { readConfig } from '../../platform/process/config';
import { seedDemoCatalogueIfEmpty } from '../../platform/process/demo-catalogue';
import type { Database } from '../../platform/store/database';
import { openDatabase } from '../../platform/store/open';
import { loadPointAccounts } from '../points/load-points';
import { type BenchCards, bindBenchCards } from './bench-cards';
import { LINK_COUNT, loadLinks, loadMyKeyIds } from './load-links';

// Request logs are produced as in production and then dropped, for both servers alike.
const logger = pino({ level: 'info' }, new Writable({ write: (_c, _e, done) => done() }));

async function baseline(): Promise<void> {
  const app = Fastify({ loggerInstance: logger });
  app.post('/v1/terminal/lookup', async () => ({ serviceId: 'S0000000001' }));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(
    `${JSON.stringify({ port: Number(new URL(address).port), terminalId: '' })}\n`,
  );
}

/**
 * `links` (lookups): LINK_COUNT My Key IDs each with a link; `mykeys:N` (batch sync): N
 * registered My Key IDs and no links yet; `points:N` (bench/points): N My Key IDs, each with a
 * link and a points account. Returns the enrolled bench terminal's id.
 */
async function load(db: Database, publicJwk: string, data: string): Promise<string> {
  await seedDemoCatalogueIfEmpty(db);
  if (data.startsWith('mykeys:')) await loadMyKeyIds(db, Number(data.slice('mykeys:'.length)));
  else if (data.startsWith('points:')) {
    const accounts = Number(data.slice('points:'.length));
    await loadLinks(db, accounts);
    await loadPointAccounts(db, accounts);
  } else await loadLinks(db, LINK_COUNT);
  const created = await createTerminal(db, { providerCode: 'a1', name: 'bench' });
  if (!created.ok) throw new Error(created.code);
  const enrolled = await enrolTerminal(db, {
    enrolmentCode: created.value.enrolmentCode,
    publicKey: JSON.parse(publicJwk),
  });
  if (!enrolled.ok) throw new Error(enrolled.code);
  return enrolled.value.terminalId;
}

async function serve(db: Database, databaseUrl: string | undefined, port: number) {
  const config = { ...readConfig({ MYKEY_PORT: String(port) }), databaseUrl };
  const anchors = new TrustAnchors();
  const cardsFile = process.env.BENCH_CARDS_FILE;
  if (cardsFile) anchors.add((JSON.parse(readFileSync(cardsFile, 'utf8')) as BenchCards).caPem);
  const { app } = await buildPlatformApp({ db, config, logger, anchors });
  return Number(new URL(await app.listen({ host: '127.0.0.1', port })).port);
}

async function platform(
  databaseUrl: string | undefined,
  publicJwk: string,
  data = 'links',
): Promise<void> {
  const db: Database = await openDatabase({ databaseUrl });
  const terminalId = await load(db, publicJwk, data);
  if (process.env.BENCH_CARDS_FILE) await bindBenchCards(db, process.env.BENCH_CARDS_FILE);
  const port = await serve(db, databaseUrl, 0);
  process.stdout.write(`${JSON.stringify({ port, terminalId })}\n`);
}

/**
 * The platform as `MYKEY_WORKERS=N` runs it (platform/process/fleet.ts): the primary loads the data, then
 * N cluster workers, each with its own database pool, accept on one port.
 */
async function fleet(databaseUrl: string, publicJwk: string, workers: number): Promise<void> {
  if (cluster.isWorker) {
    const db = await openDatabase({ databaseUrl });
    await serve(db, databaseUrl, Number(process.env.BENCH_FLEET_PORT));
    process.send?.('listening');
    return;
  }
  const db: Database = await openDatabase({ databaseUrl });
  const terminalId = await load(db, publicJwk, 'links');
  if (process.env.BENCH_CARDS_FILE) await bindBenchCards(db, process.env.BENCH_CARDS_FILE);
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<void>((resolve) => {
          cluster.fork({ BENCH_FLEET_PORT: String(port) }).once('message', () => resolve());
        }),
    ),
  );
  process.stdout.write(`${JSON.stringify({ port, terminalId })}\n`);
  process.once('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  });
}

const [, , which, ...rest] = process.argv;
if (which === 'baseline') await baseline();
else if (which === 'fleet')
  await fleet(process.env.DATABASE_URL ?? '', rest[0] ?? '', Number(rest[1] ?? 2));
else if (which === 'platform')
  await platform(process.env.DATABASE_URL || undefined, rest[0] ?? '', rest[1]);
else throw new Error(`unknown server ${which}`);

// A clean exit lets --cpu-prof write its profile.
process.once('SIGTERM', () => process.exit(0));
