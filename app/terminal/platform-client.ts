import { errorBodySchema } from '../../core/api/common';
import type { JsonApiRoute, RequestOf, ResponseOf } from '../../core/api/routes/route';
import type { ClientErrorCode, ErrorCode } from '../../core/errors';
import { signRequest, type TerminalSigner } from '../../core/http-signature/sign-request';

/** Why a call to the platform did not give its answer; `code` is what the screen turns into words. */
export interface PlatformFailure {
  ok: false;
  code: ErrorCode | ClientErrorCode;
  /** The HTTP status, or undefined when no answer came at all. */
  status: number | undefined;
  /** The platform's Retry-After, when it asked for a pause (429, 503). */
  retryAfter: string | null;
}

export type PlatformResult<T> = { ok: true; value: T } | PlatformFailure;

/** The platform as the app sees it: a route from core/api/routes.ts in, its typed answer out. */
export interface PlatformClient {
  call<R extends JsonApiRoute>(
    route: R,
    request: RequestOf<R>,
  ): Promise<PlatformResult<ResponseOf<R>>>;
}

/** How the app proves who it is: a terminal's signature, window staff's token, or nothing yet. */
export type Credential =
  | { kind: 'terminal'; signer: () => TerminalSigner }
  | { kind: 'admin'; token: string }
  | { kind: 'none' };

export interface RawAnswer {
  status: number;
  retryAfter: string | null;
  /** The body as JSON, or null when it was not JSON. */
  body: unknown;
}

/**
 * An HTTP answer read with the route's schema: the typed value on a 2xx that matches it; the
 * platform's code on an error body; ANSWER_UNREADABLE for anything else (a proxy's page, a
 * different server), with the status kept so the sender can still tell a 503 from a 404.
 */
export function readAnswer<R extends JsonApiRoute>(
  route: R,
  answer: RawAnswer,
): PlatformResult<ResponseOf<R>> {
  const { status, retryAfter } = answer;
  if (status >= 200 && status < 300) {
    const parsed = route.response.safeParse(answer.body);
    if (parsed.success) return { ok: true, value: parsed.data as ResponseOf<R> };
    return { ok: false, code: 'ANSWER_UNREADABLE', status, retryAfter };
  }
  const error = errorBodySchema.safeParse(answer.body);
  return {
    ok: false,
    code: error.success ? error.data.error.code : 'ANSWER_UNREADABLE',
    status,
    retryAfter,
  };
}

async function headersFor(
  credential: Credential,
  method: JsonApiRoute['method'],
  path: string,
  body: string | undefined,
): Promise<Record<string, string>> {
  const json: Record<string, string> =
    body === undefined ? {} : { 'content-type': 'application/json' };
  if (credential.kind === 'admin') return { ...json, authorization: `Bearer ${credential.token}` };
  if (credential.kind === 'none') return json;
  const signed = await signRequest(credential.signer(), {
    method,
    pathAndQuery: path,
    ...(body === undefined ? {} : { body }),
  });
  return { ...signed, ...json };
}

/**
 * How long a call may go unanswered. A connection can hang without failing (a platform process
 * that died holding it, a stalled proxy); then the call ends as NETWORK_UNREACHABLE and the outbox
 * sends again later, instead of waiting forever. Generous for a 500-operation batch on a slow line.
 */
export const PLATFORM_CALL_TIMEOUT_MS = 30_000;

const unreachable = (): PlatformFailure => ({
  ok: false,
  code: 'NETWORK_UNREACHABLE',
  status: undefined,
  retryAfter: null,
});

/** The one way the app and its service worker call the platform. */
export function platformClient(
  credential: Credential,
  baseUrl = '',
  timeoutMs = PLATFORM_CALL_TIMEOUT_MS,
): PlatformClient {
  return {
    async call(route, request) {
      // A POST always carries a JSON body, `{}` for a route that reads none.
      const body = route.method === 'GET' ? undefined : JSON.stringify(request ?? {});
      let response: Response;
      let text: string;
      try {
        const headers = await headersFor(credential, route.method, route.path, body);
        response = await fetch(`${baseUrl}${route.path}`, {
          method: route.method,
          headers,
          ...(body === undefined ? {} : { body }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        // Inside the time limit too: a body can stall after its headers came.
        text = await response.text();
      } catch {
        return unreachable();
      }
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
      return readAnswer(route, {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: parsed,
      });
    },
  };
}
