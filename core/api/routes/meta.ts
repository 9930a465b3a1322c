import { z } from 'zod';
import { healthResponseSchema } from '../common';
import { route } from './route';

/** Open to anyone: the platform's health and its own OpenAPI document. */
export const META_API = {
  health: route({
    auth: 'none',
    method: 'GET',
    path: '/v1/health',
    operationId: 'health',
    summary: 'Health',
    description: 'The platform is up and its database answers.',
    request: null,
    response: healthResponseSchema,
    errors: [],
  }),
  openapi: route({
    auth: 'none',
    method: 'GET',
    path: '/v1/openapi.json',
    operationId: 'openapiDocument',
    summary: 'This OpenAPI document',
    request: null,
    response: z.unknown(),
    errors: [],
    hide: true,
  }),
} as const;
