import type { TrustAnchors } from '../certificates/trust-anchors';
import type { Database } from '../store/database';
import { openDatabase } from '../store/open';
import { bootstrapAdmin } from './bootstrap-admin';
import type { PlatformConfig } from './config';
import { lockDataDir } from './data-dir-lock';
import {
  seedDemoCatalogueIfEmpty,
  seedDemoPartnerIfNone,
  seedDemoProgrammesIfNone,
} from './demo-catalogue';
import { loadOperationKey } from './operation-key';
import { preparePrivateDataDir } from './private-data-dir';

export interface Prepared {
  db: Database;
  seeded: boolean;
  admin: Awaited<ReturnType<typeof bootstrapAdmin>>;
  operationKey: Buffer;
  /** Frees the PGlite data folder (nothing to free with PostgreSQL). */
  unlock: () => Promise<void>;
}

/**
 * What happens once before any request is served, in the one process that starts the platform:
 * the private data folder, the database and its migrations, the demo catalogue, the first
 * administrator and the operation key (made here, so a fleet's processes all read the same one).
 */
export async function prepare(config: PlatformConfig): Promise<Prepared> {
  const openDataDir = await preparePrivateDataDir(config.dataDir);
  if (openDataDir !== undefined) process.stderr.write(`${openDataDir}\n`);
  const unlock = config.databaseUrl ? async () => {} : await lockDataDir(config.dataDir);
  const db = await openDatabase(config);
  const seeded = await seedDemoCatalogueIfEmpty(db);
  await seedDemoProgrammesIfNone(db);
  await seedDemoPartnerIfNone(db);
  const admin = await bootstrapAdmin(db, config.dataDir);
  const operationKey = await loadOperationKey(config.dataDir);
  return { db, seeded, admin, operationKey, unlock };
}

/** What the operator reads when the platform is up. */
export function banner(options: {
  address: string;
  config: PlatformConfig;
  prepared: Pick<Prepared, 'db' | 'seeded' | 'admin'>;
  anchors: TrustAnchors;
  processes: number;
}): string {
  const { address, config, prepared, anchors, processes } = options;
  const database =
    prepared.db.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL (DATABASE_URL)';
  return [
    '',
    'マイキープラットフォーム API を起動しました / MyKey Platform API is running',
    `  URL:        ${address}/v1/health   (OpenAPI: ${address}/v1/openapi.json)`,
    `  データベース / database: ${database}${prepared.seeded ? ' — デモデータを登録しました / demo catalogue loaded' : ''}`,
    `  プロセス / processes: ${processes}${config.databaseUrl ? ' (MYKEY_WORKERS)' : ''}`,
    ...(config.workersRefused
      ? [
          '  ⚠ PGlite は1プロセスで動きます。MYKEY_WORKERS は PostgreSQL (DATABASE_URL) で使えます / PGlite runs in one process: MYKEY_WORKERS needs PostgreSQL',
        ]
      : []),
    `  管理者トークン / admin token: ${prepared.admin.tokenFile}${prepared.admin.created ? ' (新規作成 / new)' : ''}`,
    anchors.size > 0
      ? `  信頼するJPKI認証局 / trusted JPKI CAs: ${anchors.size} (${config.trustAnchorPaths.join(', ')})`
      : `  ⚠ 信頼するJPKI認証局がありません。マイキーIDの登録はできません / no trusted JPKI CA: put the CA certificates in ${config.trustAnchorPaths.join(', ')}`,
    config.crlSources.length > 0
      ? `  失効リストの取得元 / CRL sources: ${config.crlSources.length} (${config.crlRefreshMinutes} 分ごと / every ${config.crlRefreshMinutes} min)`
      : '  失効リストは手動で読み込みます / CRLs are loaded by hand: npm run platform -- crl load <file|URL>',
    '  端末の登録 / add a terminal: npm run platform -- terminal add a1 "レジ1"   (動作中も使えます / works while it runs)',
    `  停止 / stop: Ctrl+C, または / or kill ${process.pid}`,
    '',
  ].join('\n');
}

/** Fastify names the scheme by its own https option; the server is ours (http/app.ts). */
export function publicAddress(listened: string, config: PlatformConfig): string {
  return config.tls === undefined ? listened : listened.replace(/^http:/, 'https:');
}
