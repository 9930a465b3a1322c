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
});
