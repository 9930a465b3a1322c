/**
 * HTTP Message Signatures (RFC 9421) as terminals use them: ECDSA P-256 over the method, path,
 * query and (for requests with a body) the Content-Digest (RFC 9530). Pure: the caller computes
 * digests and signatures with WebCrypto or node:crypto. The tests check this module against an
 * independent RFC 9421 implementation.
 */
import {
  arrayBufferToBase64,
  type BareItem,
  base64ToArrayBuffer,
  type InnerList,
  type Item,
  isInnerList,
  type Parameters,
  parseDictionary,
  serializeDictionary,
  serializeInnerList,
} from 'structured-headers';

export const SIGNATURE_LABEL = 'sig1';
export const SIGNATURE_ALGORITHM = 'ecdsa-p256-sha256';

export const COMPONENTS_WITHOUT_BODY = ['@method', '@path', '@query'] as const;
export const COMPONENTS_WITH_BODY = [...COMPONENTS_WITHOUT_BODY, 'content-digest'] as const;
export type CoveredComponent = (typeof COMPONENTS_WITH_BODY)[number];

export interface SignatureParams {
  /** Seconds since the epoch. */
  created: number;
  /** Random, single-use: the platform refuses a nonce it has seen (replay protection). */
  nonce: string;
  /** The terminal id. */
  keyid: string;
  alg: typeof SIGNATURE_ALGORITHM;
}

export interface SignedRequestParts {
  method: string;
  /** The path without the query, e.g. `/v1/terminal/lookup`. */
  path: string;
  /** The query with its leading `?`, or `?` when there is none (RFC 9421 §2.2.7). */
  query: string;
  /** The Content-Digest field value, present exactly when the request has a body. */
  contentDigest?: string;
}

/**
 * `@path` and `@query` of a request target as sent on the request line (`/v1/x?a=1`). The signer
 * and the verifier both use this, so they cannot split one target two ways.
 */
export function splitRequestTarget(pathAndQuery: string): { path: string; query: string } {
  const queryStart = pathAndQuery.indexOf('?');
  return queryStart < 0
    ? { path: pathAndQuery, query: '?' }
    : { path: pathAndQuery.slice(0, queryStart), query: pathAndQuery.slice(queryStart) };
}

function componentValue(component: CoveredComponent, request: SignedRequestParts): string {
  switch (component) {
    case '@method':
      return request.method.toUpperCase();
    case '@path':
      return request.path;
    case '@query':
      return request.query === '' ? '?' : request.query;
    case 'content-digest':
      return request.contentDigest ?? '';
  }
}

function signatureParamsList(
  components: readonly CoveredComponent[],
  params: SignatureParams,
): InnerList {
  const parameters: Parameters = new Map<string, BareItem>([
    ['created', params.created],
    ['nonce', params.nonce],
    ['keyid', params.keyid],
    ['alg', params.alg],
  ]);
  return [components.map((name): Item => [name, new Map()]), parameters];
}

export function coveredComponentsFor(request: SignedRequestParts): readonly CoveredComponent[] {
  return request.contentDigest === undefined ? COMPONENTS_WITHOUT_BODY : COMPONENTS_WITH_BODY;
}

/** The exact bytes (as a string) that are signed: RFC 9421 §2.5. */
export function signatureBase(
  request: SignedRequestParts,
  components: readonly CoveredComponent[],
  params: SignatureParams,
): string {
  const lines = components.map((name) => `"${name}": ${componentValue(name, request)}`);
  lines.push(`"@signature-params": ${serializeInnerList(signatureParamsList(components, params))}`);
  return lines.join('\n');
}

/** The `Signature-Input` and `Signature` header values for a signature. */
export function signatureHeaders(
  components: readonly CoveredComponent[],
  params: SignatureParams,
  signature: Uint8Array,
): { 'signature-input': string; signature: string } {
  const bytes = signature.slice().buffer;
  return {
    'signature-input': serializeDictionary(
      new Map([[SIGNATURE_LABEL, signatureParamsList(components, params)]]),
    ),
    signature: serializeDictionary(new Map([[SIGNATURE_LABEL, [bytes, new Map()]]])),
  };
}

export type ParsedSignature =
  | {
      ok: true;
      components: readonly CoveredComponent[];
      params: SignatureParams;
      signature: Uint8Array;
    }
  | { ok: false; reason: string };

const KNOWN_COMPONENTS: ReadonlySet<string> = new Set(COMPONENTS_WITH_BODY);

// The exact shape `signatureHeaders` writes. A match is read directly (the RFC 8941 parser costs
// about a tenth of a signed lookup); anything else goes through the full parser, and a test
// checks that both readings agree.
const CANONICAL_INPUT =
  /^sig1=\("@method" "@path" "@query"( "content-digest")?\);created=(\d{1,15});nonce="([\x20\x21\x23-\x5B\x5D-\x7E]{16,64})";keyid="([\x20\x21\x23-\x5B\x5D-\x7E]*)";alg="ecdsa-p256-sha256"$/;
const CANONICAL_SIGNATURE = /^sig1=:([A-Za-z0-9+/]+={0,2}):$/;

/** Reads the two headers back, accepting only the shape terminals send. */
export function parseSignatureHeaders(signatureInput: string, signature: string): ParsedSignature {
  const input = CANONICAL_INPUT.exec(signatureInput);
  const value = CANONICAL_SIGNATURE.exec(signature);
  if (input === null || value === null)
    return parseSignatureHeadersStrictly(signatureInput, signature);
  const [, digest, created, nonce, keyid] = input;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(value[1] ?? '');
  } catch {
    return parseSignatureHeadersStrictly(signatureInput, signature);
  }
  return {
    ok: true,
    components: digest === undefined ? COMPONENTS_WITHOUT_BODY : COMPONENTS_WITH_BODY,
    params: {
      created: Number(created),
      nonce: nonce ?? '',
      keyid: keyid ?? '',
      alg: SIGNATURE_ALGORITHM,
    },
    signature: bytes,
  };
}

/** The general RFC 8941 reading; `parseSignatureHeaders` uses it for anything off the fast path. */
export function parseSignatureHeadersStrictly(
  signatureInput: string,
  signature: string,
): ParsedSignature {
  let inputs: ReturnType<typeof parseDictionary>;
  let signatures: ReturnType<typeof parseDictionary>;
  try {
    inputs = parseDictionary(signatureInput);
    signatures = parseDictionary(signature);
  } catch {
    return { ok: false, reason: 'malformed signature headers' };
  }
  const input = inputs.get(SIGNATURE_LABEL);
  const value = signatures.get(SIGNATURE_LABEL);
  if (input === undefined || value === undefined) return { ok: false, reason: 'no sig1 label' };
  if (!isInnerList(input)) return { ok: false, reason: 'signature-input is not an inner list' };
  if (isInnerList(value) || !(value[0] instanceof ArrayBuffer)) {
    return { ok: false, reason: 'signature is not a byte sequence' };
  }
  const [items, parameters] = input;
  const components: CoveredComponent[] = [];
  for (const [name, itemParams] of items) {
    if (typeof name !== 'string' || !KNOWN_COMPONENTS.has(name) || itemParams.size > 0) {
      return { ok: false, reason: 'unsupported covered component' };
    }
    components.push(name as CoveredComponent);
  }
  const created = parameters.get('created');
  const nonce = parameters.get('nonce');
  const keyid = parameters.get('keyid');
  const alg = parameters.get('alg');
  if (typeof created !== 'number' || !Number.isInteger(created)) {
    return { ok: false, reason: 'created missing' };
  }
  if (typeof nonce !== 'string' || nonce.length < 16 || nonce.length > 64) {
    return { ok: false, reason: 'nonce missing' };
  }
  if (typeof keyid !== 'string') return { ok: false, reason: 'keyid missing' };
  if (alg !== SIGNATURE_ALGORITHM) return { ok: false, reason: 'unsupported alg' };
  const sameOrder = (expected: readonly string[]) =>
    expected.length === components.length && expected.every((c, i) => components[i] === c);
  if (!sameOrder(COMPONENTS_WITH_BODY) && !sameOrder(COMPONENTS_WITHOUT_BODY)) {
    return { ok: false, reason: 'unexpected covered components' };
  }
  // Any other parameter would be signed without being checked; refuse it instead.
  if (parameters.size !== 4) return { ok: false, reason: 'unexpected signature parameters' };
  return {
    ok: true,
    components,
    params: { created, nonce, keyid, alg },
    signature: new Uint8Array(value[0]),
  };
}

/** RFC 9530 Content-Digest with SHA-256: `sha-256=:<base64>:`. */
export function contentDigestHeader(sha256: Uint8Array): string {
  return serializeDictionary(new Map([['sha-256', [sha256.slice().buffer, new Map()]]]));
}

export function parseContentDigest(header: string): Uint8Array | undefined {
  try {
    const entry = parseDictionary(header).get('sha-256');
    if (entry === undefined || isInnerList(entry) || !(entry[0] instanceof ArrayBuffer))
      return undefined;
    return new Uint8Array(entry[0]);
  } catch {
    return undefined;
  }
}

export function toBase64(bytes: Uint8Array): string {
  return arrayBufferToBase64(bytes.slice().buffer);
}

export function fromBase64(base64: string): Uint8Array {
  return new Uint8Array(base64ToArrayBuffer(base64));
}
