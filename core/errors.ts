/**
 * Stable error codes. Clients switch on these, never on a message; messages live in
 * `error-messages.ts`. Grouped by who has to act.
 */
export const ERROR_CODES = [
  // The request itself is wrong (fix the input).
  'VALIDATION_FAILED',
  'MYKEY_ID_INVALID',
  'CERTIFICATE_INVALID',
  'BATCH_TOO_LARGE',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  // Who is calling (authentication).
  'ADMIN_TOKEN_INVALID',
  'SIGNATURE_MISSING',
  'SIGNATURE_INVALID',
  'SIGNATURE_EXPIRED',
  'CONTENT_DIGEST_MISMATCH',
  'REQUEST_REPLAYED',
  'TERMINAL_UNKNOWN',
  'TERMINAL_REVOKED',
  'ENROLMENT_CODE_INVALID',
  // What the caller may touch (authorisation).
  'SERVICE_NOT_ALLOWED',
  // Catalogue administration.
  'MUNICIPALITY_NOT_FOUND',
  'PROVIDER_NOT_FOUND',
  'SERVICE_NOT_FOUND',
  'TERMINAL_NOT_FOUND',
  'CODE_TAKEN',
  'SERVICE_CODE_MISMATCH',
  // My Key IDs.
  'MYKEY_TAKEN',
  'MYKEY_NOT_REGISTERED',
  'CERTIFICATE_ALREADY_REGISTERED',
  'RESERVATION_NOT_FOUND',
  'CERTIFICATE_NOT_REGISTERED',
  // Links (サービスID連携).
  'ALREADY_LINKED',
  'SERVICE_ID_TAKEN',
  'LINK_NOT_FOUND',
  // The platform (retry later).
  'INTERNAL_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
