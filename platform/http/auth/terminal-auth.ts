import { createHash, verify } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { terminalIdSchema } from '../../../core/api/terminals';
import type { ErrorCode } from '../../../core/errors';
import {
  COMPONENTS_WITH_BODY,
  parseContentDigest,
  parseSignatureHeaders,
  signatureBase,
  splitRequestTarget,
} from '../../../core/http-signature/signature-base';
import { replyError } from '../errors';
import type { ReplayGuard } from './replay-guard';
import type { KnownTerminal, TerminalDirectory } from './terminal-directory';

declare module 'fastify' {
  interface FastifyRequest {
    terminal?: KnownTerminal;
  }
}

export interface TerminalAuthOptions {
  directory: TerminalDirectory;
  replayGuard: ReplayGuard;
  maxSkewSeconds: number;
}

// Far above what a terminal sends (about 200 and 100 characters), far below what would cost
// anything to parse: longer headers are refused before any parsing.
const MAX_SIGNATURE_INPUT_LENGTH = 512;
const MAX_SIGNATURE_LENGTH = 256;
const MAX_CONTENT_DIGEST_LENGTH = 128;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Checks a request's RFC 9421 signature; the answer is the terminal or a stable error code. */
export async function authenticateTerminal(
  request: FastifyRequest,
  options: TerminalAuthOptions,
): Promise<{ ok: true; terminal: KnownTerminal } | { ok: false; code: ErrorCode }> {
  const signatureInput = header(request, 'signature-input');
  const signature = header(request, 'signature');
  if (signatureInput === undefined || signature === undefined)
    return { ok: false, code: 'SIGNATURE_MISSING' };
  if (signatureInput.length > MAX_SIGNATURE_INPUT_LENGTH || signature.length > MAX_SIGNATURE_LENGTH)
    return { ok: false, code: 'SIGNATURE_INVALID' };
  const parsed = parseSignatureHeaders(signatureInput, signature);
  if (!parsed.ok) return { ok: false, code: 'SIGNATURE_INVALID' };
  const { params, components } = parsed;
  // Terminal ids are UUIDs: anything else names no terminal, and is not looked up at all.
  if (!terminalIdSchema.safeParse(params.keyid).success)
    return { ok: false, code: 'TERMINAL_UNKNOWN' };
  if (Math.abs(Date.now() / 1000 - params.created) > options.maxSkewSeconds) {
    return { ok: false, code: 'SIGNATURE_EXPIRED' };
  }

  const hasBody = request.rawBody !== undefined;
  const coversDigest = components.length === COMPONENTS_WITH_BODY.length;
  if (hasBody !== coversDigest) return { ok: false, code: 'SIGNATURE_INVALID' };
  const contentDigest = header(request, 'content-digest');
  if (hasBody) {
    const claimed =
      contentDigest === undefined || contentDigest.length > MAX_CONTENT_DIGEST_LENGTH
        ? undefined
        : parseContentDigest(contentDigest);
    const actual = createHash('sha256')
      .update(request.rawBody ?? '', 'utf8')
      .digest();
    if (claimed === undefined || !actual.equals(claimed))
      return { ok: false, code: 'CONTENT_DIGEST_MISMATCH' };
  }

  const terminal = await options.directory.get(params.keyid);
  if (terminal === undefined || terminal.publicKey === null)
    return { ok: false, code: 'TERMINAL_UNKNOWN' };
  if (terminal.revoked) return { ok: false, code: 'TERMINAL_REVOKED' };

  const base = signatureBase(
    {
      method: request.method,
      ...splitRequestTarget(request.raw.url ?? '/'),
      ...(contentDigest !== undefined && hasBody ? { contentDigest } : {}),
    },
    components,
    params,
  );
  const valid = verify(
    'sha256',
    Buffer.from(base, 'utf8'),
    { key: terminal.publicKey, dsaEncoding: 'ieee-p1363' },
    parsed.signature,
  );
  if (!valid) return { ok: false, code: 'SIGNATURE_INVALID' };
  // Only after the signature holds, so nobody can use up another terminal's nonces.
  if (await options.replayGuard.seenBefore(terminal.id, params.nonce, params.created)) {
    return { ok: false, code: 'REQUEST_REPLAYED' };
  }
  return { ok: true, terminal };
}

/**
 * A hook for a folder of signed routes: counters' (`partner: false`) or partners' (`true`). A
 * partner's key converts points and nothing else; a counter's key never converts.
 */
export function requireTerminal(options: TerminalAuthOptions, kind: { partner: boolean }) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const result = await authenticateTerminal(request, options);
    if (!result.ok) return replyError(reply, result.code);
    if (result.terminal.partner !== kind.partner)
      return replyError(reply, 'CREDENTIAL_NOT_ALLOWED');
    request.terminal = result.terminal;
  };
}
