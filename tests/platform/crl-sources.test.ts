import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, truncate } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestCa, type TestCa } from '../../bridge/simulate/jpki-like-ca';
import { MAX_CRL_BYTES, revocationStatus } from '../../platform/certificates/crl';
import {
  type CrlSourceResult,
  keepCrlsFresh,
  refreshCrlSources,
  sourceForLog,
} from '../../platform/certificates/crl-sources';
import { caKeyOf, TrustAnchors } from '../../platform/certificates/trust-anchors';
import type { Database } from '../../platform/store/database';
import { databaseKinds, openTestDatabase } from '../support/databases';

const derOf = (pem: string) =>
  new Uint8Array(Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'));

/** CRLs fetched by the platform itself from the sources an operator configured. */
describe.each(databaseKinds())('CRL sources on %s', (kind) => {
  let db: Database;
  let ca: TestCa;
  let anchors: TrustAnchors;
  let server: Server;
  let base: string;
  /** What the HTTP source serves now, by path. */
  const served = new Map<string, string>();

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    ca = await createTestCa();
    anchors = new TrustAnchors();
    anchors.add(ca.certificate.toString('pem'));
    server = createServer((request, response) => {
      const account = `Basic ${Buffer.from('verifier:s3cret').toString('base64')}`;
      if (request.url?.startsWith('/private/') && request.headers.authorization !== account)
        return void response.writeHead(401).end();
      if (request.url === '/huge.crl') {
        // Announces more than the limit; the platform must not wait for it.
        response.writeHead(200, { 'content-length': String(MAX_CRL_BYTES + 1) });
        return void response.write('x');
      }
      const body = served.get(request.url ?? '');
      response.writeHead(body === undefined ? 404 : 200).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await db.close();
  });

  const keyOf = (of: TestCa) => caKeyOf(new X509Certificate(of.certificate.toString('pem')));
  const statusOf = (serial: string, of = ca) => revocationStatus(db, { caKey: keyOf(of), serial });

  it('loads a PEM CRL over HTTP and a DER one from a file', async () => {
    served.set('/auth.crl', await ca.issueCrl({ revoked: ['0A01'] }));
    const other = await createTestCa();
    anchors.add(other.certificate.toString('pem'));
    const file = join(await mkdtemp(join(tmpdir(), 'mykey-crl-')), 'other.crl');
    writeFileSync(file, derOf(await other.issueCrl({ revoked: ['0B02', '0B03'] })));

    const results = await refreshCrlSources(db, anchors, [`${base}/auth.crl`, file]);

    expect(results).toMatchObject([
      { outcome: 'loaded', crl: { caKey: keyOf(ca), entries: 1 } },
      { outcome: 'loaded', crl: { caKey: keyOf(other), entries: 2 } },
    ]);
    expect(await statusOf('0A01')).toBe('revoked');
    expect(await statusOf('0A99')).toBe('good');
    expect(await statusOf('0B03', other)).toBe('revoked');
    // The two CAs share JPKI's one name; each key keeps its own list.
    expect(other.certificate.subject).toBe(ca.certificate.subject);
    expect(await statusOf('0B03')).toBe('good');
    expect(await statusOf('0A01', other)).toBe('good');
  });

  it('keeps the list loaded before when a source is down, missing or gives a bad list, and goes on with the rest', async () => {
    const stranger = await createTestCa();
    served.set('/forged.crl', await stranger.issueCrl({ revoked: [] }));
    served.set('/next.crl', await ca.issueCrl({ revoked: ['0A01', '0A02'] }));
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const downUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/auth.crl`;
    closed.close();

    const results = await refreshCrlSources(db, anchors, [
      downUrl,
      `${base}/gone.crl`,
      join(tmpdir(), 'no-such-file.crl'),
      `${base}/forged.crl`,
      `${base}/next.crl`,
    ]);

    expect(results.map((r) => (r.outcome === 'loaded' ? 'loaded' : r.code))).toEqual([
      'CRL_UNREACHABLE',
      'CRL_UNREACHABLE',
      'CRL_UNREACHABLE',
      'CRL_INVALID',
      'loaded',
    ]);
    expect(results[1]).toMatchObject({ reason: 'HTTP 404' });
    expect(await statusOf('0A01')).toBe('revoked');
    expect(await statusOf('0A02')).toBe('revoked');
  });

  it('sends the account in a source URL as Basic auth, and never repeats it in a reason', async () => {
    served.set('/private/auth.crl', await ca.issueCrl({ revoked: ['0A01', '0A02'] }));
    const account = base.replace('http://', 'http://verifier:s3cret@');
    const wrong = base.replace('http://', 'http://verifier:wrong@');
    const results = await refreshCrlSources(db, anchors, [
      `${account}/private/auth.crl`,
      `${wrong}/private/auth.crl`,
      'https://verifier:s3cret@127.0.0.1:1/auth.crl',
    ]);
    expect(results[0]).toMatchObject({ outcome: 'loaded' });
    expect(results[1]).toMatchObject({ code: 'CRL_UNREACHABLE', reason: 'HTTP 401' });
    expect(results[2]).toMatchObject({ code: 'CRL_UNREACHABLE' });
    expect(
      JSON.stringify(results.map((r) => (r.outcome === 'refused' ? r.reason : ''))),
    ).not.toContain('s3cret');
  });

  it('loads a list of 5,000 entries (the ASN.1 parser stops near 1,600 with its default limits)', async () => {
    const revoked = Array.from({ length: 5000 }, (_, i) =>
      (0xd00000 + i).toString(16).toUpperCase(),
    );
    served.set('/large.crl', await ca.issueCrl({ revoked }));
    const [result] = await refreshCrlSources(db, anchors, [`${base}/large.crl`]);
    expect(result).toMatchObject({ outcome: 'loaded', crl: { entries: 5000 } });
    expect(await statusOf('D01387')).toBe('revoked');
  });

  it('refuses a source larger than the limit before reading it whole: CRL_TOO_LARGE', async () => {
    const huge = join(await mkdtemp(join(tmpdir(), 'mykey-crl-')), 'huge.crl');
    // Sparse: it takes no disk space, only its size says it is too large.
    writeFileSync(huge, '');
    await truncate(huge, MAX_CRL_BYTES + 1);
    const results = await refreshCrlSources(db, anchors, [huge, `${base}/huge.crl`]);
    expect(results.map((r) => (r.outcome === 'refused' ? r.code : r.outcome))).toEqual([
      'CRL_TOO_LARGE',
      'CRL_TOO_LARGE',
    ]);
  });

  it('refreshes on its own every interval until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const rounds: CrlSourceResult[][] = [];
      const read = vi.fn(async () => Buffer.from(await ca.issueCrl({ revoked: ['0A03'] })));
      const stop = keepCrlsFresh(db, anchors, ['crl-source'], 30, (r) => rounds.push(r), read);
      await vi.waitFor(() => expect(rounds).toHaveLength(1));
      expect(rounds[0]).toMatchObject([{ outcome: 'loaded' }]);
      expect(await statusOf('0A03')).toBe('revoked');
      vi.advanceTimersByTime(30 * 60_000);
      await vi.waitFor(() => expect(rounds).toHaveLength(2));
      stop();
      vi.advanceTimersByTime(120 * 60_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(read).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a CRL source as it appears in logs', () => {
  it('drops the user, password and query of a URL, and keeps a file path', () => {
    expect(sourceForLog('https://verifier:s3cret@crl.example.jp/auth.crl?token=abc')).toBe(
      'https://crl.example.jp/auth.crl',
    );
    expect(sourceForLog('/var/lib/jpki/auth.crl')).toBe('/var/lib/jpki/auth.crl');
  });
});
