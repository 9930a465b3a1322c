import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('the platform settings', () => {
  it('serves HTTPS only with both a certificate and a key, and says which is missing', () => {
    expect(readConfig({}).tls).toBeUndefined();
    expect(
      readConfig({ MYKEY_TLS_CERT: '/etc/mykey/cert.pem', MYKEY_TLS_KEY: '/etc/mykey/key.pem' })
        .tls,
    ).toEqual({
      certPath: '/etc/mykey/cert.pem',
      keyPath: '/etc/mykey/key.pem',
    });
    expect(() => readConfig({ MYKEY_TLS_CERT: '/etc/mykey/cert.pem' })).toThrow(
      /set both MYKEY_TLS_CERT and MYKEY_TLS_KEY/,
    );
    expect(() => readConfig({ MYKEY_TLS_KEY: '/etc/mykey/key.pem' })).toThrow(/MYKEY_TLS_CERT/);
  });

  it('runs one process per core with PostgreSQL, always one with PGlite, and says when it cannot', () => {
    const pg = { DATABASE_URL: 'postgres://db.example/mykey' };
    expect(readConfig(pg).workers).toBe(availableParallelism());
    expect(readConfig({ ...pg, MYKEY_WORKERS: '3' })).toMatchObject({
      workers: 3,
      workersRefused: false,
    });
    expect(readConfig({})).toMatchObject({ workers: 1, workersRefused: false });
    expect(readConfig({ MYKEY_WORKERS: '4' })).toMatchObject({ workers: 1, workersRefused: true });
    expect(() => readConfig({ ...pg, MYKEY_WORKERS: '0' })).toThrow(/MYKEY_WORKERS must be/);
    expect(() => readConfig({ ...pg, MYKEY_WORKERS: 'many' })).toThrow(/MYKEY_WORKERS/);
    expect(() => readConfig({ ...pg, MYKEY_WORKERS: '65' })).toThrow(/from 1 to 64/);
  });
});
