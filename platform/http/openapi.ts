import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { API_VERSION, errorBodySchema } from '../../core/api/common';
import { type AnyApiRoute, errorsOf } from '../../core/api/routes/route';
import type { ErrorCode } from '../../core/errors';
import { HTTP_STATUS } from './errors';

/**
 * A route's error responses, one per status: the shared error body, and the codes it can carry
 * (those of the route's own work, its auth and a malformed request, core/api/routes/route.ts).
 */
function errorResponses(spec: AnyApiRoute) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorsOf(spec)) {
    const status = HTTP_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      status,
      errorBodySchema.describe(`error.code is one of: ${codes.join(', ')}`),
    ]),
  );
}

/** The table's entry of a registered route (serve.ts puts it in the route's config). */
function apiRouteOf(route: { config?: unknown }): AnyApiRoute | undefined {
  const config = route.config as { apiRoute?: AnyApiRoute } | undefined;
  return config?.apiRoute;
}

/** The schema as the document shows it: JSON Schema from zod, with the errors and a CSV answer. */
const transform: FastifyDynamicSwaggerOptions['transform'] = (input) => {
  const spec = apiRouteOf(input.route);
  if (spec === undefined) return jsonSchemaTransform(input);
  const schema = input.schema as { response?: Record<string, unknown> };
  const transformed = jsonSchemaTransform({
    ...input,
    schema: { ...input.schema, response: { ...schema.response, ...errorResponses(spec) } },
  });
  if (spec.produces === undefined) return transformed;
  const response = (transformed.schema as { response: Record<string, unknown> }).response;
  response[spec.status ?? 200] = {
    description: spec.summary,
    content: { [spec.produces]: { schema: { type: 'string' } } },
  };
  return transformed;
};

export const OPENAPI_OPTIONS: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'MyKey Platform API',
      version: API_VERSION,
      description:
        'My Key IDs, providers, services, terminals, links and lookups. Generated from the schemas in core/api.',
    },
    // The API is served from the same origin as the app; an integrator puts the platform's host first.
    servers: [{ url: '/', description: 'The platform that serves this document' }],
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'An operator token (mka_…).' },
        terminalSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'Signature',
          description:
            'RFC 9421 HTTP Message Signature, ecdsa-p256-sha256, label sig1, covering "@method" "@path" "@query" and "content-digest" (RFC 9530, sha-256) when there is a body; parameters created, nonce, keyid (the terminal id) and alg.',
        },
      },
    },
  },
  transform,
};
