import {
  lookupRequestSchema,
  lookupResponseSchema,
  registerLinkRequestSchema,
  registerLinkResponseSchema,
} from '../links';
import { syncRequestSchema, syncResponseSchema } from '../sync';
import {
  enrolRequestSchema,
  enrolResponseSchema,
  terminalServicesResponseSchema,
} from '../terminals';
import { route } from './route';

/** What a shop's or library's counter calls: enrolment, its services, サービスID登録 and 照会. */
export const COUNTER_API = {
  enrol: route({
    method: 'POST',
    path: '/v1/terminals/enrol',
    operationId: 'enrolTerminal',
    summary: 'Enrol a new terminal',
    auth: 'enrolment-code',
    description:
      'A new terminal sends the public key it generated, with its one-time enrolment code.',
    request: enrolRequestSchema,
    response: enrolResponseSchema,
    errors: ['ENROLMENT_CODE_INVALID', 'ENROLMENT_KEY_INVALID'],
  }),
  services: route({
    method: 'GET',
    path: '/v1/terminal/services',
    operationId: 'terminalServices',
    summary: 'This terminal’s services',
    auth: 'terminal-signature',
    description: 'The services of this terminal’s own provider.',
    request: null,
    response: terminalServicesResponseSchema,
    errors: [],
  }),
  registerLink: route({
    method: 'POST',
    path: '/v1/terminal/links',
    operationId: 'registerLink',
    summary: 'Link a service ID (サービスID登録)',
    auth: 'terminal-signature',
    description: 'サービスID登録: link a service ID to a My Key ID (online path).',
    request: registerLinkRequestSchema,
    response: registerLinkResponseSchema,
    errors: [
      'CERTIFICATE_INVALID',
      'CERTIFICATE_UNTRUSTED',
      'CERTIFICATE_EXPIRED',
      'CERTIFICATE_REVOKED',
      'SERVICE_NOT_ALLOWED',
      'MYKEY_NOT_REGISTERED',
      'ALREADY_LINKED',
      'SERVICE_ID_TAKEN',
      'LINK_NEEDS_PIN',
      'LINK_PROOF_TOO_OLD',
      'LINK_PROOF_REPLAYED',
      'LINK_PROOF_NOT_THIS_CARD',
    ],
  }),
  lookup: route({
    method: 'POST',
    path: '/v1/terminal/lookup',
    operationId: 'lookUpServiceId',
    summary: 'Look up a service ID (照会)',
    auth: 'terminal-signature',
    description: 'マイキーID照会: the service ID for one of this terminal’s services.',
    request: lookupRequestSchema,
    response: lookupResponseSchema,
    errors: [
      'CERTIFICATE_INVALID',
      'CERTIFICATE_UNTRUSTED',
      'CERTIFICATE_EXPIRED',
      'CERTIFICATE_REVOKED',
      'SERVICE_NOT_ALLOWED',
      'MYKEY_NOT_REGISTERED',
      'LINK_NOT_FOUND',
    ],
  }),
  sync: route({
    method: 'POST',
    path: '/v1/terminal/sync',
    operationId: 'syncOperations',
    summary: 'Send an offline batch',
    auth: 'terminal-signature',
    description:
      'Offline batch: up to 500 operations, applied in order, each exactly once by its operationId (remembered for at least 90 days).',
    request: syncRequestSchema,
    response: syncResponseSchema,
    errors: ['BATCH_TOO_LARGE'],
  }),
} as const;
