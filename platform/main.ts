import pino from 'pino';
import { japanDay } from '../core/points/japan-day';
import { bootstrapAdmin } from './bootstrap-admin';
import { keepCrlsFresh, sourceForLog } from './certificates/crl-sources';
import { forgetUsedLinkProofs } from './certificates/link-proof';
import { readConfig } from './config';
import { announceAddress, lockDataDir } from './data-dir-lock';
import {
  seedDemoCatalogueIfEmpty,
  seedDemoPartnerIfNone,
  seedDemoProgrammesIfNone,
} from './demo-catalogue';
import { purgeExpiredChallenges } from './domain/challenges';
import { pointsJobs } from './domain/points-jobs';
import { purgeOldOperations } from './domain/sync';
import { buildPlatformApp } from './http/app';
import { loadOperationKey } from './operation-key';
import { preparePrivateDataDir } from './private-data-dir';
import { openDatabase } from './store/open';
import { forgetEndedHolderSessions } from './use-cases/holder-sessions';

const HOUR_MS = 60 * 60 * 1000;
const STOP_DEADLINE_MS = 8000;

async function main(): Promise<void> {
  const config = readConfig();
  const logger = pino({ level: config.logLevel });
  const openDataDir = await preparePrivateDataDir(config.dataDir);
  if (openDataDir !== undefined) process.stderr.write(`${openDataDir}\n`);
  const unlock = config.databaseUrl ? async () => {} : await lockDataDir(config.dataDir);
  const db = await openDatabase(config);
  const seeded = await seedDemoCatalogueIfEmpty(db);
  await seedDemoProgrammesIfNone(db);
  await seedDemoPartnerIfNone(db);
  const admin = await bootstrapAdmin(db, config.dataDir);
  let running: Promise<unknown> | undefined;
  // One run at a time: a long first compaction must not meet the next hour's.
  const purge = () => {
    running ??= Promise.all([
      purgeOldOperations(db, config.operationRetentionDays),
      purgeExpiredChallenges(db),
      forgetUsedLinkProofs(db),
      forgetEndedHolderSessions(db),
      pointsJobs(db, japanDay()),
    ]).finally(() => {
      running = undefined;
    });
    return running.catch((error: Error) => logger.error({ errorType: error.name }, 'purge failed'));
  };
  // In the background from the start: a first compaction of a long backlog must not hold up the API.
  void purge();
  const purgeTimer = setInterval(() => void purge(), HOUR_MS);
  purgeTimer.unref();

  const operationKey = await loadOperationKey(config.dataDir);
  const { app, anchors } = await buildPlatformApp({ db, config, logger, operationKey });
  const listened = await app.listen({ host: config.host, port: config.port });
  // Fastify names the scheme by its own https option; the server here is ours (app.ts).
  const address = config.tls === undefined ? listened : listened.replace(/^http:/, 'https:');
  // Where this running platform answers, for the CLI beside it (PGlite allows one process).
  const forgetAddress = config.databaseUrl
    ? async () => {}
    : await announceAddress(config.dataDir, address);
  const stopCrlRefresh = keepCrlsFresh(
    db,
    anchors,
    config.crlSources,
    config.crlRefreshMinutes,
    (results) => {
      for (const r of results) {
        const source = sourceForLog(r.source);
        if (r.outcome === 'loaded')
          logger.info({ source, issuer: r.crl.issuer, entries: r.crl.entries }, 'CRL loaded');
        else logger.warn({ source, code: r.code, reason: r.reason }, 'CRL not loaded');
      }
    },
  );

  const database =
    db.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL (DATABASE_URL)';
  process.stdout.write(
    [
      '',
      'マイキープラットフォーム API を起動しました / MyKey Platform API is running',
      `  URL:        ${address}/v1/health   (OpenAPI: ${address}/v1/openapi.json)`,
      `  データベース / database: ${database}${seeded ? ' — デモデータを登録しました / demo catalogue loaded' : ''}`,
      `  管理者トークン / admin token: ${admin.tokenFile}${admin.created ? ' (新規作成 / new)' : ''}`,
      anchors.size > 0
        ? `  信頼するJPKI認証局 / trusted JPKI CAs: ${anchors.size} (${config.trustAnchorPaths.join(', ')})`
        : `  ⚠ 信頼するJPKI認証局がありません。マイキーIDの登録はできません / no trusted JPKI CA: put the CA certificates in ${config.trustAnchorPaths.join(', ')}`,
      config.crlSources.length > 0
        ? `  失効リストの取得元 / CRL sources: ${config.crlSources.length} (${config.crlRefreshMinutes} 分ごと / every ${config.crlRefreshMinutes} min)`
        : '  失効リストは手動で読み込みます / CRLs are loaded by hand: npm run platform -- crl load <file|URL>',
      '  端末の登録 / add a terminal: npm run platform -- terminal add a1 "レジ1"   (動作中も使えます / works while it runs)',
      `  停止 / stop: Ctrl+C, または / or kill ${process.pid}`,
      '',
    ].join('\n'),
  );

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
    clearInterval(purgeTimer);
    stopCrlRefresh();
    await app.close();
    await forgetAddress();
    await db.close();
    await unlock();
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
