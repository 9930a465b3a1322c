import { finaliseCustomMyKeyIdRequestSchema, finaliseCustomMyKeyIdResponseSchema } from '../mykeys';
import { route } from './route';

/** The one admin call the app makes: 本登録 at the municipal window, with staff's token. */
export const WINDOW_API = {
  finaliseCustomMyKeyId: route({
    method: 'POST',
    path: '/v1/admin/mykeys/finalise',
    auth: 'admin-token',
    description:
      '本登録: the municipal window finalises a reserved custom ID with the reissued certificate, which must chain to a trusted JPKI CA, be within its validity and not be revoked.',
    request: finaliseCustomMyKeyIdRequestSchema,
    response: finaliseCustomMyKeyIdResponseSchema,
  }),
} as const;
