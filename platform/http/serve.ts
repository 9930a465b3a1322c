import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { z } from 'zod';
import type { AnyApiRoute } from '../../core/api/routes/route';

/** What a schema slot parses to; an absent slot (`undefined`, or a `null` body) is undefined. */
type Out<T> = [Exclude<T, undefined | null>] extends [never]
  ? undefined
  : z.output<Exclude<T, undefined | null>>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's table entry (serve.ts), read by the OpenAPI document (openapi.ts). */
    apiRoute?: AnyApiRoute;
  }
}

/** The request a handler of `R` reads: its body, path parameters and query as the table parses them. */
export type RouteRequest<R extends AnyApiRoute> = FastifyRequest<{
  Body: Out<R['request']>;
  Params: Out<R['params']>;
  Querystring: Out<R['query']>;
}>;

/** A handler answers with the table's response (or sends the reply itself: an error, a CSV file). */
export type RouteHandler<R extends AnyApiRoute> = (
  request: RouteRequest<R>,
  reply: FastifyReply,
) => Promise<(R['response'] extends z.ZodType ? z.input<R['response']> : never) | FastifyReply>;

/** Who the table lets in, as a hook: one per kind of auth, the admin's chosen by its roles. */
export interface RouteGuards {
  terminal: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  partner: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  admin: (
    roles: readonly ('operator' | 'window')[],
  ) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

export type Serve = <R extends AnyApiRoute>(spec: R, handler: RouteHandler<R>) => void;
function guardOf(spec: AnyApiRoute, guards: RouteGuards) {
  switch (spec.auth) {
    case 'none':
    case 'enrolment-code':
      return undefined;
    case 'terminal-signature':
      return guards.terminal;
    case 'partner-signature':
      return guards.partner;
    case 'admin-token':
      return guards.admin(spec.roles);
  }
}

const SECURITY: Record<AnyApiRoute['auth'], Array<Record<string, string[]>>> = {
  none: [],
  'enrolment-code': [],
  'terminal-signature': [{ terminalSignature: [] }],
  'partner-signature': [{ terminalSignature: [] }],
  'admin-token': [{ adminToken: [] }],
};

/** The OpenAPI tag of a route: its path's first part after the version. */
export function tagOf(spec: AnyApiRoute): string {
  const first = spec.path.split('/')[2] ?? '';
  if (first === 'admin' || first === 'partner') return first;
  return first.startsWith('terminal') ? 'terminal' : 'meta';
}

/** The Fastify schema of a table entry: what Fastify validates and serializes, and swagger shows. */
export function schemaOf(spec: AnyApiRoute) {
  return {
    tags: [tagOf(spec)],
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    security: SECURITY[spec.auth],
    ...(spec.hide === true ? { hide: true } : {}),
    // A route with no body to read has no body schema at all (not an undefined one).
    ...(spec.request === null ? {} : { body: spec.request }),
    ...(spec.params === undefined ? {} : { params: spec.params }),
    ...(spec.query === undefined ? {} : { querystring: spec.query }),
    ...(spec.response === null ? {} : { response: { [spec.status ?? 200]: spec.response } }),
  };
}

/**
 * The one way a route is registered: method, path, schemas and auth all come from its entry in
 * core/api/routes, so a handler states none of them. Auth runs before validation: a stranger
 * learns nothing, not even the schema.
 */
export function serveOn(app: FastifyInstance, guards: RouteGuards): Serve {
  return (spec, handler) => {
    const guard = guardOf(spec, guards);
    app.route({
      method: spec.method,
      url: spec.path,
      schema: schemaOf(spec),
      // The OpenAPI document reads the entry for what the schema does not hold (errors, CSV).
      config: { apiRoute: spec },
      ...(guard === undefined ? {} : { preValidation: guard }),
      handler: handler as RouteOptions['handler'],
    });
  };
}
