import cluster from 'node:cluster';
import pino from 'pino';
import { buildPlatformApp } from '../http/app';
import { readConfig } from './config';
import { announceAddress } from './data-dir-lock';
import { runPrimary, runWorker } from './fleet';
import { startJobs } from './jobs';
import { banner, prepare, publicAddress } from './startup';

const STOP_DEADLINE_MS = 8000;

/** One process that does everything: PGlite always, PostgreSQL with MYKEY_WORKERS=1. */
async function runSingle(config: ReturnType<typeof readConfig>, logger: pino.Logger) {
  const prepared = await prepare(config);
  const { db, operationKey } = prepared;
  const { app, anchors } = await buildPlatformApp({ db, config, logger, operationKey });
  const address = publicAddress(await app.listen({ host: config.host, port: config.port }), config);
  // Where this running platform answers, for the CLI beside it (PGlite allows one process).
  const forgetAddress = config.databaseUrl
    ? async () => {}
    : await announceAddress(config.dataDir, address);
  const stopJobs = startJobs(db, config, anchors, logger);
  process.stdout.write(banner({ address, config, prepared, anchors, processes: 1 }));
  return async () => {
    stopJobs();
    await app.close();
    await forgetAddress();
    await db.close();
    await prepared.unlock();
  };
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = pino({ level: config.logLevel });
  if (cluster.isWorker) return runWorker(config, logger);
  const stopPlatform =
    config.workers > 1
      ? (await runPrimary(config, await prepare(config), logger)).stop
      : await runSingle(config, logger);

  let stopping = false;
  const stop = async () => {
    // Ctrl+C reaches this process twice (SIGINT from the terminal, SIGTERM from `npm start`).
    if (stopping) return;
    stopping = true;
    // A stop that hangs would keep the data folder locked: give up waiting after a few seconds.
    setTimeout(() => {
      process.stderr.write('停止に時間がかかったため終了します / stop took too long; exiting\n');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    await stopPlatform();
    process.exit(0);
  };
  // `on`, not `once`: Ctrl+C under npm arrives twice (from the terminal and from npm), and a second
  // signal with no listener would kill the process halfway through its stop.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`起動できませんでした / could not start: ${(error as Error).message}\n`);
  process.exit(1);
});
