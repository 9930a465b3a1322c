import { z } from 'zod';
import {
  municipalityCodeSchema,
  nameSchema,
  providerCodeSchema,
  serviceCodeSchema,
} from './common';

export const municipalitySchema = z.object({ code: municipalityCodeSchema, name: nameSchema });
export const providerSchema = z.object({
  code: providerCodeSchema,
  municipalityCode: municipalityCodeSchema,
  name: nameSchema,
});
export const serviceSchema = z.object({
  code: serviceCodeSchema,
  providerCode: providerCodeSchema,
  name: nameSchema,
  /**
   * The 2024 rules: the holder types the PIN when a card is first linked to this service. On
   * unless the operator turns it off (a point card may; a library card should not).
   */
  linkNeedsPin: z.boolean().default(true),
});
export type Municipality = z.infer<typeof municipalitySchema>;
export type Provider = z.infer<typeof providerSchema>;
export type Service = z.infer<typeof serviceSchema>;
/** A service as an operator describes it: the PIN setting may be left to its default. */
export type NewService = z.input<typeof serviceSchema>;

export const catalogueSchema = z.object({
  municipalities: z.array(municipalitySchema),
  providers: z.array(providerSchema),
  services: z.array(serviceSchema),
});
export type Catalogue = z.infer<typeof catalogueSchema>;

export const statsSchema = z.object({
  municipalities: z.number().int(),
  providers: z.number().int(),
  services: z.number().int(),
  terminals: z.object({
    enrolled: z.number().int(),
    pending: z.number().int(),
    revoked: z.number().int(),
  }),
  myKeyIds: z.object({
    default: z.number().int(),
    custom: z.number().int(),
    reserved: z.number().int(),
  }),
  links: z.number().int(),
});
export type Stats = z.infer<typeof statsSchema>;
