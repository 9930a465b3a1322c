import { signRequest, type TerminalSigner } from '../../core/http-signature/sign-request';
import type { ReceptionDb } from '../outbox/reception-db';

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

/**
 * Enrols this terminal: a new ECDSA P-256 key pair whose private half cannot be exported, the
 * public half sent with the one-time enrolment code, the result kept in IndexedDB.
 */
export async function enrolTerminal(
  db: ReceptionDb,
  enrolmentCode: string,
  baseUrl = '',
): Promise<{ ok: true; identity: TerminalIdentity } | { ok: false; code: string }> {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const jwk = await crypto.subtle.exportKey('jwk', keys.publicKey);
  const response = await fetch(`${baseUrl}/v1/terminals/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      enrolmentCode,
      publicKey: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
    }),
  });
  const body = (await response.json()) as { terminalId?: string; error?: { code: string } };
  if (!response.ok || body.terminalId === undefined)
    return { ok: false, code: body.error?.code ?? `HTTP_${response.status}` };
  const identity = { terminalId: body.terminalId, keys };
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

export interface PlatformAnswer<T = unknown> {
  status: number;
  retryAfter: string | null;
  body: T;
}

/** A request signed as this terminal (RFC 9421). Rejects only when the network fails. */
export async function signedFetch<T = unknown>(
  signer: TerminalSigner,
  method: 'GET' | 'POST',
  path: string,
  payload?: unknown,
  baseUrl = '',
): Promise<PlatformAnswer<T>> {
  const body = payload === undefined ? undefined : JSON.stringify(payload);
  const headers = await signRequest(signer, {
    method,
    pathAndQuery: path,
    ...(body === undefined ? {} : { body }),
  });
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: parsed as T,
  };
}
