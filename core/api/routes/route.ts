import type { z } from 'zod';
import { API_VERSION } from '../common';

/**
 * One call the app makes to the platform, written once: the platform registers its handler from
 * this entry and the app's client sends and reads with it, so a path, a body and an answer cannot
 * drift apart. `request: null` is a call with no body to read (the client still sends `{}` on a
 * POST, which the platform ignores).
 */
export interface ApiRoute<Request extends z.ZodType | null, Response extends z.ZodType> {
  method: 'GET' | 'POST';
  /** The whole path as a client sends it, version included. */
  path: `/${typeof API_VERSION}/${string}`;
  /**
   * Who may call: a new terminal with its one-time code, an enrolled terminal signing the request
   * (RFC 9421), or an admin with a Bearer token.
   */
  auth: 'enrolment-code' | 'terminal-signature' | 'admin-token';
  /** What the call does, for people: the OpenAPI description. */
  description: string;
  request: Request;
  response: Response;
}

export const route = <Request extends z.ZodType | null, Response extends z.ZodType>(
  spec: ApiRoute<Request, Response>,
) => spec;

export type AnyApiRoute = ApiRoute<z.ZodType | null, z.ZodType>;
export type RequestOf<R extends AnyApiRoute> = R['request'] extends z.ZodType
  ? z.input<R['request']>
  : Record<string, never>;
export type ResponseOf<R extends AnyApiRoute> = z.output<R['response']>;

/** The path as the platform registers it, under its `/v1` prefix. */
export const pathUnderVersion = (spec: AnyApiRoute): string =>
  spec.path.slice(API_VERSION.length + 1);
