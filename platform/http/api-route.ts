import type { z } from 'zod';
import type { ApiRoute } from '../../core/api/routes/route';

/**
 * The Fastify schema of a route in core/api/routes.ts: its body and its answer as the table says,
 * its description for the OpenAPI document, and the tags and security of its group.
 */
export function schemaOf<Request extends z.ZodType | null, Response extends z.ZodType>(
  spec: ApiRoute<Request, Response>,
  group: { tags: string[]; security?: Array<Record<string, string[]>> },
): {
  tags: string[];
  security?: Array<Record<string, string[]>>;
  description: string;
  body: Request extends z.ZodType ? Request : undefined;
  response: { 200: Response };
} {
  return {
    ...group,
    description: spec.description,
    // A route with no body to read has no body schema at all (not an undefined one).
    ...((spec.request === null ? {} : { body: spec.request }) as {
      body: Request extends z.ZodType ? Request : undefined;
    }),
    response: { 200: spec.response },
  };
}
