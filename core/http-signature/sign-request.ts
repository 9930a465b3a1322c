import {
  contentDigestHeader,
  coveredComponentsFor,
  SIGNATURE_ALGORITHM,
  type SignedRequestParts,
  signatureBase,
  signatureHeaders,
  splitRequestTarget,
} from './signature-base';

/** What a terminal's key does; WebCrypto in the app, node:crypto in tools and benchmarks. */
export interface TerminalSigner {
  terminalId: string;
  /**
   * ECDSA P-256 / SHA-256 over the UTF-8 bytes of the signature base, IEEE P1363 (r‖s) encoding
   * as WebCrypto gives it.
   */
  sign(signatureBase: string): Promise<Uint8Array>;
  /** SHA-256 of the body's UTF-8 bytes. */
  sha256(body: string): Promise<Uint8Array>;
  randomNonce(): string;
  /** Seconds since the epoch, corrected for the terminal's known clock offset. */
  now(): number;
}

/** The headers to add to a request so that the platform accepts it as this terminal's. */
export async function signRequest(
  signer: TerminalSigner,
  /** `pathAndQuery` as sent on the request line, e.g. `/v1/terminal/services`. */
  request: { method: string; pathAndQuery: string; body?: string },
): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  const parts: SignedRequestParts = {
    method: request.method,
    ...splitRequestTarget(request.pathAndQuery),
  };
  if (request.body !== undefined) {
    const digest = contentDigestHeader(await signer.sha256(request.body));
    parts.contentDigest = digest;
    headers['content-digest'] = digest;
  }
  const components = coveredComponentsFor(parts);
  const params = {
    created: signer.now(),
    nonce: signer.randomNonce(),
    keyid: signer.terminalId,
    alg: SIGNATURE_ALGORITHM,
  } as const;
  const base = signatureBase(parts, components, params);
  const signature = await signer.sign(base);
  return { ...headers, ...signatureHeaders(components, params, signature) };
}
