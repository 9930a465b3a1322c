import { finaliseCustomMyKeyIdRequestSchema, finaliseCustomMyKeyIdResponseSchema } from '../mykeys';
import { route } from './route';

/** The one admin call the app makes: 本登録 at the municipal window, with staff's token. */
export const WINDOW_API = {
  finaliseCustomMyKeyId: route({
    method: 'POST',
    path: '/v1/admin/mykeys/finalise',
    operationId: 'finaliseCustomMyKeyId',
    summary: 'Finalise a custom ID (本登録)',
    auth: 'admin-token',
    roles: ['operator', 'window'],
    description:
      '本登録: the municipal window finalises a reserved custom ID with the reissued certificate, which must chain to a trusted JPKI CA, be within its validity and not be revoked.',
    request: finaliseCustomMyKeyIdRequestSchema,
    response: finaliseCustomMyKeyIdResponseSchema,
    errors: [
      'CERTIFICATE_INVALID',
      'CERTIFICATE_UNTRUSTED',
      'CERTIFICATE_EXPIRED',
      'CERTIFICATE_REVOKED',
      'RESERVATION_NOT_FOUND',
      'REVOCATION_UNKNOWN',
      'CERTIFICATE_ALREADY_REGISTERED',
    ],
  }),
} as const;
