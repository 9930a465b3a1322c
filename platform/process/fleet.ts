import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { TrustAnchors } from '../certificates/trust-anchors';
import { buildPlatformApp } from '../http/app';
import { openDatabase } from '../store/open';
import type { PlatformConfig } from './config';
import { startJobs } from './jobs';
import { loadOperationKey } from './operation-key';
import { banner, type Prepared, publicAddress } from './startup';

/** What a worker tells the primary once it serves the port. */
interface Listening {
  kind: 'listening';
  address: string;
}

const isListening = (message: unknown): message is Listening =>
  typeof message === 'object' &&
  message !== null &&
  (message as { kind?: unknown }).kind === 'listening';

/**
 * The primary of `MYKEY_WORKERS` processes (PostgreSQL only): it prepared the database, runs the
 * housekeeping jobs, starts the workers that serve the port (node:cluster hands each connection
 * to one of them) and starts a new worker when one dies. The workers share nothing but the
 * database: the replay guard, kiosk sessions and revocations all go through it.
 */
export async function runPrimary(
  config: PlatformConfig,
  prepared: Prepared,
  logger: Logger,
): Promise<{ address: string; stop: () => Promise<void> }> {
  const anchors = TrustAnchors.fromPaths(config.trustAnchorPaths);
  let stopping = false;
  // Each worker accepts from the shared socket itself. Node's default (the primary accepting and
  // handing each connection to a worker) leaves a connection in flight to a worker that just died
  // hanging until the client gives up; accepted by the kernel, it is reset at once instead.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const fork = () => cluster.fork();
  const listening = (worker: Worker) =>
    new Promise<string>((resolve, reject) => {
      worker.on('message', (message: unknown) => {
        if (isListening(message)) resolve(message.address);
      });
      worker.once('exit', (code) =>
        reject(new Error(`a platform worker stopped while starting (exit ${code})`)),
      );
    });

  const started = Array.from({ length: config.workers }, fork);
  const [address] = await Promise.all(started.map(listening));
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.warn(
      { workerPid: worker.process.pid, code, signal },
      'platform worker stopped; starting another',
    );
    fork();
  });
  const stopJobs = startJobs(prepared.db, config, anchors, logger);
  process.stdout.write(
    banner({
      address: publicAddress(address ?? '', config),
      config,
      prepared,
      anchors,
      processes: config.workers,
    }),
  );

  return {
    address: address ?? '',
    stop: async () => {
      stopping = true;
      stopJobs();
      const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise((resolve) => {
              worker.once('exit', resolve);
              // Each worker closes its connections and its database pool, then exits.
              worker.process.kill('SIGTERM');
            }),
        ),
      );
      await prepared.db.close();
    },
  };
}

/** One worker of a fleet: serves the port until told to stop, or until its primary is gone. */
export async function runWorker(config: PlatformConfig, logger: Logger): Promise<void> {
  const db = await openDatabase(config);
  const operationKey = await loadOperationKey(config.dataDir);
  const { app } = await buildPlatformApp({ db, config, logger, operationKey });
  const address = await app.listen({ host: config.host, port: config.port });
  process.send?.({ kind: 'listening', address } satisfies Listening);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await db.close();
    process.exit(0);
  };
  // The terminal's Ctrl+C reaches the workers too; the primary's SIGTERM is the usual way.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
