import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import fc from 'fast-check';
import { httpbis } from 'http-message-signatures';
import { describe, expect, it } from 'vitest';
import { reached } from '../../tests/support/reach';
import { signRequest } from './sign-request';
import {
  parseContentDigest,
  parseSignatureHeaders,
  parseSignatureHeadersStrictly,
  signatureBase,
  toBase64,
} from './signature-base';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const body = JSON.stringify({ myKeyId: '1C2410DF79DGEL', serviceCode: 'A-a1-0001' });

const signer = {
  terminalId: 'terminal-1',
  sign: async (base: string) =>
    new Uint8Array(
      sign('sha256', Buffer.from(base), { key: privateKey, dsaEncoding: 'ieee-p1363' }),
    ),
  sha256: async (b: string) => new Uint8Array(createHash('sha256').update(b).digest()),
  randomNonce: () => 'nonce-0123456789abcdef',
  now: () => 1_700_000_000,
};

const independentVerifier = {
  id: 'terminal-1',
  algs: ['ecdsa-p256-sha256'],
  verify: async (data: Buffer, signature: Buffer) =>
    verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature),
};

describe('RFC 9421 signatures as terminals make them', () => {
  it('are accepted by an independent RFC 9421 implementation', async () => {
    const headers = await signRequest(signer, {
      method: 'POST',
      pathAndQuery: '/v1/terminal/lookup',
      body,
    });
    const verified = await httpbis.verifyMessage(
      { keyLookup: async () => independentVerifier, all: true },
      { method: 'POST', url: 'http://platform.example/v1/terminal/lookup', headers },
    );
    expect(verified).toBe(true);
  });

  it('are refused by that implementation when the path is changed', async () => {
    const headers = await signRequest(signer, {
      method: 'POST',
      pathAndQuery: '/v1/terminal/lookup',
      body,
    });
    // Refused by the signature check itself, not by some other error on the way.
    const checks: boolean[] = [];
    const recordingVerifier = {
      ...independentVerifier,
      verify: async (data: Buffer, signature: Buffer) => {
        const valid = await independentVerifier.verify(data, signature);
        checks.push(valid);
        return valid;
      },
    };
    const verified = await httpbis.verifyMessage(
      { keyLookup: async () => recordingVerifier },
      { method: 'POST', url: 'http://platform.example/v1/terminal/links', headers },
    );
    expect(checks).toEqual([false]);
    expect(verified).toBe(false);
  });

  it('build the same signature base as the independent implementation', async () => {
    const headers = await signRequest(signer, {
      method: 'GET',
      pathAndQuery: '/v1/terminal/services?x=1',
    });
    let theirs = '';
    await httpbis.verifyMessage(
      {
        keyLookup: async () => ({
          id: 'terminal-1',
          algs: ['ecdsa-p256-sha256'],
          verify: async (data: Buffer) => {
            theirs = data.toString('utf8');
            return true;
          },
        }),
      },
      { method: 'GET', url: 'http://platform.example/v1/terminal/services?x=1', headers },
    );
    const parsed = parseSignatureHeaders(headers['signature-input'] ?? '', headers.signature ?? '');
    if (!parsed.ok) throw new Error(parsed.reason);
    const ours = signatureBase(
      { method: 'GET', path: '/v1/terminal/services', query: '?x=1' },
      parsed.components,
      parsed.params,
    );
    expect(ours).toBe(theirs);
    expect(ours).toContain('"@query": ?x=1');
  });

  it('carry an RFC 9530 Content-Digest of the body', async () => {
    const headers = await signRequest(signer, {
      method: 'POST',
      pathAndQuery: '/v1/terminal/lookup',
      body,
    });
    const digest = parseContentDigest(headers['content-digest'] ?? '');
    expect(Buffer.from(digest ?? []).equals(createHash('sha256').update(body).digest())).toBe(true);
  });

  it('parse back to the parameters they were made with', async () => {
    const reach = reached({ 'parsed back': 200, 'a nonce with a quote or backslash': 40 });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc
          .string({ minLength: 16, maxLength: 64, size: 'max' })
          .filter((s) => /^[\x20-\x7E]*$/.test(s)),
        fc.uuid(),
        async (created, nonce, terminalId) => {
          const headers = await signRequest(
            { ...signer, terminalId, now: () => created, randomNonce: () => nonce },
            { method: 'POST', pathAndQuery: '/v1/terminal/sync', body: '{}' },
          );
          const parsed = parseSignatureHeaders(
            headers['signature-input'] ?? '',
            headers.signature ?? '',
          );
          reach.hit('parsed back');
          if (/["\\]/.test(nonce)) reach.hit('a nonce with a quote or backslash');
          expect(parsed.ok && parsed.params).toEqual({
            created,
            nonce,
            keyid: terminalId,
            alg: 'ecdsa-p256-sha256',
          });
        },
      ),
      { numRuns: 200 },
    );
    reach.check();
  });

  it('refuse extra parameters, other algorithms and other components', () => {
    const sig = 'sig1=:AAAA:';
    const base =
      '("@method" "@path" "@query");created=1;nonce="0123456789abcdef";keyid="t";alg="ecdsa-p256-sha256"';
    expect(parseSignatureHeaders(`sig1=${base}`, sig).ok).toBe(true);
    expect(parseSignatureHeaders(`sig1=${base};expires=5`, sig).ok).toBe(false);
    expect(
      parseSignatureHeaders(`sig1=${base.replace('ecdsa-p256-sha256', 'hmac-sha256')}`, sig).ok,
    ).toBe(false);
    expect(parseSignatureHeaders(`sig1=${base.replace('"@query"', '"@authority"')}`, sig).ok).toBe(
      false,
    );
    expect(
      parseSignatureHeaders(
        `sig1=${base.replace('nonce="0123456789abcdef"', 'nonce="short"')}`,
        sig,
      ).ok,
    ).toBe(false);
    expect(parseSignatureHeaders('garbage((', sig).ok).toBe(false);
  });

  it('never throw on arbitrary header values', () => {
    const reach = reached({ answered: 1_000, accepted: 50, refused: 500 });
    const valid =
      'sig1=("@method" "@path" "@query");created=1;nonce="0123456789abcdef";keyid="t";alg="ecdsa-p256-sha256"';
    // Any text, and the valid header cut, or with any text put in at any place.
    const header = fc.oneof(
      fc.string({ maxLength: 200, size: 'max' }),
      fc.string({ unit: 'binary', maxLength: 200, size: 'max' }),
      fc.constant(valid),
      fc
        .tuple(fc.nat(valid.length), fc.nat(valid.length), fc.string({ maxLength: 8, size: 'max' }))
        .map(
          ([from, to, text]) =>
            valid.slice(0, Math.min(from, to)) + text + valid.slice(Math.max(from, to)),
        ),
    );
    const signature = fc.oneof(
      fc.constant('sig1=:AAAA:'),
      fc.string({ maxLength: 100, size: 'max' }),
    );
    fc.assert(
      fc.property(header, signature, (a, b) => {
        const result = parseSignatureHeaders(a, b);
        reach.hit('answered');
        reach.hit(result.ok ? 'accepted' : 'refused');
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 1_000 },
    );
    reach.check();
  });
});

describe('the fast path for the terminals’ own header shape', () => {
  const printable = fc
    .string({ minLength: 0, maxLength: 70, size: 'max' })
    .filter((s) => /^[\x20-\x7E]*$/.test(s));

  it('reads every header it accepts exactly as the full RFC 8941 parser does', () => {
    const reach = reached({ compared: 2_000, 'both accepted': 200, 'both refused': 500 });
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.oneof(fc.integer({ min: 0, max: 2 ** 50 }), fc.constant(-1)),
        printable,
        printable,
        fc.uint8Array({ minLength: 0, maxLength: 80, size: 'max' }),
        fc.constantFrom('', '', '', ';expires=5', ' ', 'x'),
        (withDigest, created, nonce, keyid, sig, suffix) => {
          const components = withDigest
            ? '"@method" "@path" "@query" "content-digest"'
            : '"@method" "@path" "@query"';
          const quoteSf = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
          const input = `sig1=(${components});created=${created};nonce="${quoteSf(nonce)}";keyid="${quoteSf(keyid)}";alg="ecdsa-p256-sha256"${suffix}`;
          const signature = `sig1=:${toBase64(sig)}:`;
          const strictly = parseSignatureHeadersStrictly(input, signature);
          reach.hit('compared');
          reach.hit(strictly.ok ? 'both accepted' : 'both refused');
          expect(parseSignatureHeaders(input, signature)).toEqual(strictly);
        },
      ),
      { numRuns: 2_000 },
    );
    reach.check();
  });
});
