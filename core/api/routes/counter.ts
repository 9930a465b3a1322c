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
    auth: 'enrolment-code',
    description:
      'A new terminal sends the public key it generated, with its one-time enrolment code.',
    request: enrolRequestSchema,
    response: enrolResponseSchema,
  }),
  services: route({
    method: 'GET',
    path: '/v1/terminal/services',
    auth: 'terminal-signature',
    description: 'The services of this terminal’s own provider.',
    request: null,
    response: terminalServicesResponseSchema,
  }),
  registerLink: route({
    method: 'POST',
    path: '/v1/terminal/links',
    auth: 'terminal-signature',
    description: 'サービスID登録: link a service ID to a My Key ID (online path).',
    request: registerLinkRequestSchema,
    response: registerLinkResponseSchema,
  }),
  lookup: route({
    method: 'POST',
    path: '/v1/terminal/lookup',
    auth: 'terminal-signature',
    description: 'マイキーID照会: the service ID for one of this terminal’s services.',
    request: lookupRequestSchema,
    response: lookupResponseSchema,
  }),
  sync: route({
    method: 'POST',
    path: '/v1/terminal/sync',
    auth: 'terminal-signature',
    description:
      'Offline batch: up to 500 operations, applied in order, each exactly once by its operationId (remembered for at least 90 days).',
    request: syncRequestSchema,
    response: syncResponseSchema,
  }),
} as const;
