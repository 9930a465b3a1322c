import { Writable } from 'node:stream';
import pino from 'pino';
import {
  randomCn,
  type TestAuthCertificate,
  type TestCa,
} from '../../bridge/simulate/jpki-like-ca';
import type { ChallengeResponse, HolderProof } from '../../core/api/holder-proof';
import type { LinkProof } from '../../core/api/links';
import { linkProofBytes } from '../../core/link-proof/statement';
import { TrustAnchors } from '../../platform/certificates/trust-anchors';
import { createAdmin } from '../../platform/domain/admins';
import { createTerminal } from '../../platform/domain/terminals';
import { buildPlatformApp } from '../../platform/http/app';
import type { FailureLimit } from '../../platform/http/auth/failure-limit';
import type { TerminalDirectory } from '../../platform/http/auth/terminal-directory';
import { readConfig } from '../../platform/process/config';
import {
  seedDemoCatalogueIfEmpty,
  seedDemoProgrammesIfNone,
} from '../../platform/process/demo-catalogue';
import type { Database } from '../../platform/store/database';
import { type DatabaseKind, openTestDatabase } from './databases';
import { TerminalClient } from './terminal-client';

export interface TestPlatform {
  kind: DatabaseKind;
  url: string;
  db: Database & { url?: string };
  adminToken: string;
  /** Every log line the platform wrote. */
  logs: string[];
  admin<T = unknown>(
    method: string,
    path: string,
    payload?: unknown,
    token?: string,
  ): Promise<{ status: number; body: T }>;
  /** Creates and enrols a terminal of `providerCode`. */
  terminal(providerCode: string): Promise<TerminalClient>;
  /** Makes the platform trust a test CA, as an operator adds a JPKI CA certificate. */
  trustCa(ca: TestCa): void;
  anchors: TrustAnchors;
  /** The platform's cache of terminal keys. */
  directory: TerminalDirectory;
  close(): Promise<void>;
}

/** A real platform server on a loopback port, with the demo catalogue and an admin. */
export async function startTestPlatform(
  kind: DatabaseKind,
  env: NodeJS.ProcessEnv = {},
  options: { enrolmentLimit?: FailureLimit; today?: () => string } = {},
): Promise<TestPlatform> {
  const db = await openTestDatabase(kind);
  await seedDemoCatalogueIfEmpty(db);
  await seedDemoProgrammesIfNone(db);
  const { token } = await createAdmin(db, 'test admin');
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const config = { ...readConfig({ MYKEY_PORT: '0', ...env }), databaseUrl: db.url };
  const anchors = new TrustAnchors();
  const { app, directory } = await buildPlatformApp({
    db,
    config,
    logger: pino({ level: 'info' }, sink),
    anchors,
    ...options,
  });
  const listened = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(
    'localhost',
    '127.0.0.1',
  );
  const url = config.tls === undefined ? listened : listened.replace(/^http:/, 'https:');

  const admin = async <T>(method: string, path: string, payload?: unknown, adminToken = token) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  return {
    kind,
    url,
    db,
    adminToken: token,
    logs,
    admin,
    anchors,
    directory,
    trustCa(ca) {
      anchors.add(ca.certificate.toString('pem'));
    },
    async terminal(providerCode) {
      const created = await createTerminal(db, { providerCode, name: `test ${providerCode}` });
      if (!created.ok) throw new Error(created.code);
      return TerminalClient.enrol(url, created.value.enrolmentCode);
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/**
 * The card's part of 公的個人認証, as the bridge does it: a challenge from the platform, signed
 * with the certificate's private key (the card's auth key) after the PIN.
 */
export async function holderProof(
  terminal: TerminalClient,
  holderKey: CryptoKey,
): Promise<HolderProof> {
  const issued = await terminal.post<ChallengeResponse>('/v1/terminal/challenges', {});
  const signature = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    holderKey,
    Buffer.from(issued.body.challenge, 'base64url'),
  );
  return {
    challengeId: issued.body.challengeId,
    signature: Buffer.from(signature).toString('base64'),
  };
}

/** A kiosk registration of a certificate's default ID, with the holder's proof. */
export function registerDefault<T = unknown>(
  terminal: TerminalClient,
  cert: TestAuthCertificate,
): Promise<{ status: number; body: T }> {
  return holderProof(terminal, cert.privateKey).then((proof) =>
    terminal.post<T>('/v1/terminal/mykeys/default', { certificate: cert.base64, proof }),
  );
}

/** A citizen's card whose default ID is registered: the ID, and the certificate with its key. */
export interface RegisteredCard {
  myKeyId: string;
  cert: TestAuthCertificate;
}

export async function registerNewCard(
  terminal: TerminalClient,
  ca: TestCa,
  validity: { notBefore?: Date } = {},
): Promise<RegisteredCard> {
  const cert = await ca.issue({ cn: randomCn(), ...validity });
  const response = await registerDefault<{ myKeyId?: string }>(terminal, cert);
  if (response.status !== 200 || response.body.myKeyId === undefined)
    throw new Error(
      `default My Key ID registration failed: ${response.status} ${JSON.stringify(response.body)}`,
    );
  return { myKeyId: response.body.myKeyId, cert };
}

/**
 * What the counter makes when the holder types the PIN to link a service: the card's signature
 * over the terminal's statement (core/link-proof). `madeAt` defaults to now.
 */
export async function linkProof(
  terminal: { terminalId: string },
  cert: TestAuthCertificate,
  serviceCode: string,
  options: { nonce?: string; madeAt?: Date } = {},
): Promise<LinkProof> {
  const nonce = options.nonce ?? crypto.randomUUID();
  const madeAt = (options.madeAt ?? new Date()).toISOString();
  const statement = linkProofBytes({ terminalId: terminal.terminalId, serviceCode, madeAt, nonce });
  const signature = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    cert.privateKey,
    new Uint8Array(statement),
  );
  return {
    certificate: cert.base64,
    madeAt,
    nonce,
    signature: Buffer.from(signature).toString('base64'),
  };
}

/** A citizen who has registered the default ID of a fresh test certificate; returns the My Key ID. */
export async function registerNewMyKeyId(terminal: TerminalClient, ca: TestCa): Promise<string> {
  return (await registerNewCard(terminal, ca)).myKeyId;
}
