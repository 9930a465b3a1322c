import { z } from 'zod';
import { serviceSchema } from './catalogue';
import { nameSchema, providerCodeSchema } from './common';

export const terminalIdSchema = z.uuid();

export const createTerminalRequestSchema = z.object({
  providerCode: providerCodeSchema,
  name: nameSchema,
});
export const createTerminalResponseSchema = z.object({
  terminalId: terminalIdSchema,
  enrolmentCode: z.string().describe('One-time code; shown once, stored only as a hash'),
  enrolmentExpiresAt: z.iso.datetime(),
});

/** A public ECDSA P-256 key as WebCrypto exports it (`exportKey('jwk', publicKey)`). */
export const publicKeyJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  y: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
export type PublicKeyJwk = z.infer<typeof publicKeyJwkSchema>;

export const enrolRequestSchema = z.object({
  enrolmentCode: z.string().min(1).max(64),
  publicKey: publicKeyJwkSchema,
});
export const enrolResponseSchema = z.object({
  terminalId: terminalIdSchema,
  providerCode: providerCodeSchema,
  services: z.array(serviceSchema),
});

export const terminalSchema = z.object({
  id: terminalIdSchema,
  providerCode: providerCodeSchema,
  name: nameSchema,
  state: z.enum(['pending', 'enrolled', 'revoked']),
});
export type Terminal = z.infer<typeof terminalSchema>;

export const terminalServicesResponseSchema = z.object({
  terminalId: terminalIdSchema,
  providerCode: providerCodeSchema,
  services: z.array(serviceSchema),
});
