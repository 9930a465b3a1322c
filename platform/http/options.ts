/**
 * What the HTTP layer reads of the platform's configuration. process/config.ts's PlatformConfig
 * has these fields and more; http names only these, so it never imports the process layer above it.
 */
export interface HttpOptions {
  /** How far a signature's `created` may be from now (seconds). */
  signatureMaxSkewSeconds: number;
  /** How long a custom My Key ID stays reserved before 本登録 (days). */
  reservationDays: number;
  bodyLimitBytes: number;
  /** The built reception app, served at `/` when it has an index.html. */
  appDir: string;
  /** The CSP's frame-ancestors: who may embed the app. */
  appFrameAncestors: string;
  trustAnchorPaths: string[];
  /** Refuse a certificate whose issuer has no CRL loaded. */
  requireCrl: boolean;
  /** The reverse proxies whose X-Forwarded-For is believed (Fastify's trustProxy). */
  trustProxy: string | undefined;
  tls: { certPath: string; keyPath: string } | undefined;
}
