import { Writable } from 'node:stream';
import pino from 'pino';
import { randomCn, type TestCa } from '../../bridge/simulate/jpki-like-ca';
import { readConfig } from '../../platform/config';
import { seedDemoCatalogueIfEmpty } from '../../platform/demo-catalogue';
import { createAdmin } from '../../platform/domain/admins';
import { createTerminal } from '../../platform/domain/terminals';
import { buildPlatformApp } from '../../platform/http/app';
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
  close(): Promise<void>;
}

/** A real platform server on a loopback port, with the demo catalogue and an admin. */
export async function startTestPlatform(
  kind: DatabaseKind,
  env: NodeJS.ProcessEnv = {},
): Promise<TestPlatform> {
  const db = await openTestDatabase(kind);
  await seedDemoCatalogueIfEmpty(db);
  const { token } = await createAdmin(db, 'test admin');
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const config = { ...readConfig({ MYKEY_PORT: '0', ...env }), databaseUrl: db.url };
  const { app } = await buildPlatformApp({ db, config, logger: pino({ level: 'info' }, sink) });
  const url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');

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

/** A citizen who has registered the default ID of a fresh test certificate; returns the My Key ID. */
export async function registerNewMyKeyId(terminal: TerminalClient, ca: TestCa): Promise<string> {
  const cert = await ca.issue({ cn: randomCn() });
  const response = await terminal.post<{ myKeyId?: string }>('/v1/terminal/mykeys/default', {
    certificate: cert.base64,
  });
  if (response.status !== 200 || response.body.myKeyId === undefined) {
    throw new Error(
      `default My Key ID registration failed: ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
  return response.body.myKeyId;
}
