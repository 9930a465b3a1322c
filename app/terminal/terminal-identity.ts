import { COUNTER_API } from '../../core/api/routes/counter';
import type { TerminalSigner } from '../../core/http-signature/sign-request';
import type { ReceptionDb } from '../storage/reception-db';
import { type PlatformFailure, type PlatformResult, platformClient } from './platform-client';

/** What the terminal keeps about itself: its id at the platform and its signing key. */
export interface TerminalIdentity {
  terminalId: string;
  /** Non-extractable: the private key cannot leave this browser profile. */
  keys: CryptoKeyPair;
}

const IDENTITY = 'terminal-identity';

export async function loadIdentity(db: ReceptionDb): Promise<TerminalIdentity | undefined> {
  return (await db.get('meta', IDENTITY)) as TerminalIdentity | undefined;
}

const toBase64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A terminal's ECDSA P-256 key pair, whose private half cannot be exported. */
export function generateTerminalKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]) as Promise<CryptoKeyPair>;
}

/** Sends the public half of `keys` with the one-time enrolment code; the platform's answer. */
export async function enrolKeys(
  enrolmentCode: string,
  keys: CryptoKeyPair,
  baseUrl = '',
): Promise<PlatformResult<{ terminalId: string }>> {
  const jwk = await crypto.subtle.exportKey('jwk', keys.publicKey);
  return platformClient({ kind: 'none' }, baseUrl).call(COUNTER_API.enrol, {
    enrolmentCode,
    publicKey: { kty: 'EC', crv: 'P-256', x: jwk.x ?? '', y: jwk.y ?? '' },
  });
}

/** Enrols this terminal with a new key pair and keeps the result in IndexedDB. */
export async function enrolTerminal(
  db: ReceptionDb,
  enrolmentCode: string,
  baseUrl = '',
): Promise<{ ok: true; identity: TerminalIdentity } | PlatformFailure> {
  const keys = await generateTerminalKeys();
  const enrolled = await enrolKeys(enrolmentCode, keys, baseUrl);
  if (!enrolled.ok) return enrolled;
  const identity = { terminalId: enrolled.value.terminalId, keys };
  await db.put('meta', identity, IDENTITY);
  return { ok: true, identity };
}

export function webCryptoSigner(
  identity: TerminalIdentity,
  clockOffsetSeconds = 0,
): TerminalSigner {
  return {
    terminalId: identity.terminalId,
    sign: async (base) =>
      new Uint8Array(
        await crypto.subtle.sign(
          { name: 'ECDSA', hash: 'SHA-256' },
          identity.keys.privateKey,
          new TextEncoder().encode(base),
        ),
      ),
    sha256: async (body) =>
      new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))),
    randomNonce: () => toBase64url(crypto.getRandomValues(new Uint8Array(18))),
    now: () => Math.floor(Date.now() / 1000) + clockOffsetSeconds,
  };
}
