import type { z } from 'zod';
import type { ErrorCode } from '../../errors';
import { API_VERSION } from '../common';

/**
 * Who may call a route. A new terminal with its one-time code (`enrolment-code`, no header); an
 * enrolled terminal signing the request (RFC 9421); a partner's server signing with its own key,
 * enrolled as a terminal's is; an admin's Bearer token, whose role must be one of `roles`; or
 * anyone (`none`: health and the OpenAPI document).
 */
export type RouteAuth =
  | { auth: 'none' | 'enrolment-code' | 'terminal-signature' | 'partner-signature' }
  | { auth: 'admin-token'; roles: readonly ('operator' | 'window')[] };

/**
 * One call to the platform, written once: the platform registers its handler from this entry
 * (method, path, schemas, auth), the OpenAPI document describes it, and the app's client and the
 * CLI send and read with it, so a path, a body and an answer cannot drift apart. `request: null`
 * is a call with no body to read (the client still sends `{}` on a POST, which the platform
 * ignores); `response: null` an answer that is not JSON (a CSV file, `produces`).
 */
export type ApiRoute<
  Request extends z.ZodType | null,
  Response extends z.ZodType | null,
  Params extends z.ZodType | undefined = undefined,
  Query extends z.ZodType | undefined = undefined,
> = RouteAuth & {
  method: 'GET' | 'POST' | 'PUT';
  /** The whole path as a client sends it, version included; parameters as `:name`. */
  path: `/${typeof API_VERSION}/${string}`;
  /** Stable, for generated clients: never renamed. */
  operationId: string;
  /** A few words, for the list of operations. */
  summary: string;
  /** What the call does, for people: the OpenAPI description. */
  description?: string;
  params?: Params;
  query?: Query;
  request: Request;
  response: Response;
  /** 201 for a creation; 200 otherwise. */
  status?: 200 | 201;
  /** The answer's media type when it is not JSON. */
  produces?: 'text/csv';
  /**
   * The codes this route's own work can answer. Those of its auth and of schema validation are
   * added by `errorsOf`, never listed here.
   */
  errors: readonly ErrorCode[];
  /** Left out of the OpenAPI document (the document itself). */
  hide?: true;
};

export const route = <
  Request extends z.ZodType | null,
  Response extends z.ZodType | null,
  Params extends z.ZodType | undefined = undefined,
  Query extends z.ZodType | undefined = undefined,
>(
  spec: ApiRoute<Request, Response, Params, Query>,
) => spec;

export type AnyApiRoute = ApiRoute<
  z.ZodType | null,
  z.ZodType | null,
  z.ZodType | undefined,
  z.ZodType | undefined
>;
/** A route that answers JSON: every call the app makes. */
export type JsonApiRoute = AnyApiRoute & { response: z.ZodType };
export type RequestOf<R extends AnyApiRoute> = R['request'] extends z.ZodType
  ? z.input<R['request']>
  : Record<string, never>;
export type ResponseOf<R extends AnyApiRoute> = R['response'] extends z.ZodType
  ? z.output<R['response']>
  : string;

/** The path as the platform registers it, under its `/v1` prefix. */
export const pathUnderVersion = (spec: AnyApiRoute): string =>
  spec.path.slice(API_VERSION.length + 1);

const SIGNATURE_ERRORS: readonly ErrorCode[] = [
  'SIGNATURE_MISSING',
  'SIGNATURE_INVALID',
  'SIGNATURE_EXPIRED',
  'CONTENT_DIGEST_MISMATCH',
  'REQUEST_REPLAYED',
  'TERMINAL_UNKNOWN',
  'TERMINAL_REVOKED',
  // A partner's key on a counter's route, or a counter's on a partner's, is refused as such.
  'CREDENTIAL_NOT_ALLOWED',
];
const AUTH_ERRORS: Record<AnyApiRoute['auth'], readonly ErrorCode[]> = {
  none: [],
  'enrolment-code': ['ENROLMENT_RATE_LIMITED'],
  'terminal-signature': SIGNATURE_ERRORS,
  'partner-signature': SIGNATURE_ERRORS,
  'admin-token': ['ADMIN_TOKEN_INVALID', 'ADMIN_ROLE_FORBIDDEN'],
};

/**
 * Every code a route can answer: its own, its auth's, and a refused request's (a body, path or
 * query the schemas refuse; a body past the limit). Sorted, each once.
 */
export function errorsOf(spec: AnyApiRoute): ErrorCode[] {
  const malformed: ErrorCode[] =
    spec.request === null ? ['VALIDATION_FAILED'] : ['VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE'];
  return [...new Set([...spec.errors, ...AUTH_ERRORS[spec.auth], ...malformed])].sort();
}
