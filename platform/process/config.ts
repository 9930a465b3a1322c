import { availableParallelism } from 'node:os';

/** Every setting, from the environment, with the embedded defaults `npm start` uses. */
export interface PlatformConfig {
  host: string;
  port: number;
  /** PostgreSQL when set; otherwise PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  /** How far a terminal's clock may be from the platform's. */
  signatureMaxSkewSeconds: number;
  /** How long a custom ID stays reserved (仮登録) before it is released. */
  reservationDays: number;
  /** How long operation ids are remembered (never less than 90). */
  operationRetentionDays: number;
  bodyLimitBytes: number;
  /** The built reception app (`npm run build:app`), served at `/` when it is there. */
  appDir: string;
  /** Who may embed the app in a frame (CSP frame-ancestors), e.g. a library system's origin. */
  appFrameAncestors: string;
  /** Files or folders of the JPKI CA certificates to trust (PEM or DER). */
  trustAnchorPaths: string[];
  /** Refuse a holder whose issuer has no CRL loaded (production); otherwise only a loaded CRL counts. */
  requireCrl: boolean;
  /** URLs or files the platform loads CRLs from by itself, at start and every `crlRefreshMinutes`. */
  crlSources: string[];
  crlRefreshMinutes: number;
  /**
   * The reverse proxies whose X-Forwarded-For is believed (Fastify's trustProxy: addresses or
   * CIDRs, comma-separated). Unset: the connection's own address is the client's.
   */
  trustProxy: string | undefined;
  /**
   * HTTPS, when both are set (PEM files): the platform and the app it serves need a secure context
   * on a network (service worker, WebCrypto keys, Local Network Access). Unset: plain HTTP, for
   * loopback or behind a reverse proxy that ends TLS.
   */
  tls: { certPath: string; keyPath: string } | undefined;
  /**
   * Processes serving the port (`MYKEY_WORKERS`): by default one per core with PostgreSQL; always
   * one with PGlite, a database inside one process. `workersRefused` says when a number was asked
   * for that PGlite cannot give.
   */
  workers: number;
  workersRefused: boolean;
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

/** A comma-separated setting, e.g. several paths. */
function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function tlsOf(env: NodeJS.ProcessEnv): PlatformConfig['tls'] {
  const certPath = env.MYKEY_TLS_CERT?.trim() || undefined;
  const keyPath = env.MYKEY_TLS_KEY?.trim() || undefined;
  if (certPath === undefined && keyPath === undefined) return undefined;
  if (certPath === undefined || keyPath === undefined)
    throw new Error(
      'MYKEY_TLS_CERT と MYKEY_TLS_KEY は両方設定してください / set both MYKEY_TLS_CERT and MYKEY_TLS_KEY (PEM files), or neither',
    );
  return { certPath, keyPath };
}

function workersOf(
  env: NodeJS.ProcessEnv,
  databaseUrl: string | undefined,
): Pick<PlatformConfig, 'workers' | 'workersRefused'> {
  const asked = env.MYKEY_WORKERS?.trim() || undefined;
  const wanted =
    asked === undefined
      ? databaseUrl
        ? availableParallelism()
        : 1
      : integer(asked, 1, 'MYKEY_WORKERS');
  if (wanted < 1 || wanted > MAX_WORKERS)
    throw new Error(`MYKEY_WORKERS must be from 1 to ${MAX_WORKERS}, got "${asked}"`);
  if (!databaseUrl) return { workers: 1, workersRefused: wanted > 1 };
  return { workers: wanted, workersRefused: false };
}

/** More would only share the same cores; PostgreSQL's connections are the limit long before. */
const MAX_WORKERS = 64;

export function readConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    ...workersOf(env, databaseUrl),
    host: env.MYKEY_HOST ?? '127.0.0.1',
    port: integer(env.MYKEY_PORT, 8787, 'MYKEY_PORT'),
    databaseUrl,
    dataDir: env.MYKEY_DATA_DIR ?? '.data/platform',
    logLevel: env.MYKEY_LOG_LEVEL ?? 'info',
    signatureMaxSkewSeconds: integer(
      env.MYKEY_SIGNATURE_MAX_SKEW_SECONDS,
      300,
      'MYKEY_SIGNATURE_MAX_SKEW_SECONDS',
    ),
    reservationDays: integer(env.MYKEY_RESERVATION_DAYS, 30, 'MYKEY_RESERVATION_DAYS'),
    operationRetentionDays: Math.max(
      90,
      integer(env.MYKEY_OPERATION_RETENTION_DAYS, 90, 'MYKEY_OPERATION_RETENTION_DAYS'),
    ),
    bodyLimitBytes: integer(env.MYKEY_BODY_LIMIT_BYTES, 1_048_576, 'MYKEY_BODY_LIMIT_BYTES'),
    appDir: env.MYKEY_APP_DIR ?? 'dist/app',
    appFrameAncestors: env.MYKEY_APP_FRAME_ANCESTORS ?? "'self'",
    trustAnchorPaths: list(env.MYKEY_TRUST_ANCHORS ?? 'certificates/jpki'),
    requireCrl: env.MYKEY_REQUIRE_CRL === 'true',
    crlSources: list(env.MYKEY_CRL_SOURCES),
    trustProxy: env.MYKEY_TRUST_PROXY?.trim() || undefined,
    tls: tlsOf(env),
    crlRefreshMinutes: Math.max(
      1,
      integer(env.MYKEY_CRL_REFRESH_MINUTES, 60, 'MYKEY_CRL_REFRESH_MINUTES'),
    ),
  };
}
