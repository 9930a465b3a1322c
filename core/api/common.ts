import { z } from 'zod';
import {
  MUNICIPALITY_CODE_PATTERN,
  PROVIDER_CODE_PATTERN,
  SERVICE_CODE_PATTERN,
  SERVICE_ID_PATTERN,
} from '../catalogue-codes';
import { ERROR_CODES } from '../errors';
import { MY_KEY_ID_RULES } from '../mykey-id';

/** The wire protocol's version; every path starts with it. */
export const API_VERSION = 'v1';

export const myKeyIdSchema = z
  .string()
  .length(MY_KEY_ID_RULES.length)
  .regex(/^[A-Z0-9]+$/)
  .describe('マイキーID: 14 characters of A-Z and 0-9');
export const municipalityCodeSchema = z.string().regex(MUNICIPALITY_CODE_PATTERN);
export const providerCodeSchema = z.string().regex(PROVIDER_CODE_PATTERN);
export const serviceCodeSchema = z
  .string()
  .regex(SERVICE_CODE_PATTERN)
  .describe('サービス提供ID, e.g. A-a1-0001');
export const serviceIdSchema = z
  .string()
  .regex(SERVICE_ID_PATTERN)
  .describe("サービスID: the citizen's number in the service (printable ASCII, 1-64)");
/**
 * Free text typed by a person (a name, an issuer's DN). PostgreSQL refuses U+0000 in text, and no
 * control character or lone surrogate belongs in a name shown on a tablet.
 */
const PLAIN_TEXT = /^[^\p{Cc}\p{Cs}]*$/u;
const PLAIN_TEXT_MESSAGE = 'control characters are not allowed';
export const plainTextSchema = z.string().regex(PLAIN_TEXT, PLAIN_TEXT_MESSAGE);
export const nameSchema = z.string().trim().min(1).max(200).regex(PLAIN_TEXT, PLAIN_TEXT_MESSAGE);
export const operationIdSchema = z.uuid().describe('Made on the terminal; the key of exactly-once');

export const errorCodeSchema = z.enum(ERROR_CODES);
export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  apiVersion: z.literal(API_VERSION),
  database: z.enum(['pglite', 'postgres']),
});
