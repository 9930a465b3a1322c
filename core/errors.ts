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
  'OPERATION_ID_REUSED',
  'NOT_FOUND',
  // Who is calling (authentication).
  'ADMIN_TOKEN_INVALID',
  'ADMIN_ROLE_FORBIDDEN',
  'SIGNATURE_MISSING',
  'SIGNATURE_INVALID',
  'SIGNATURE_EXPIRED',
  'CONTENT_DIGEST_MISMATCH',
  'REQUEST_REPLAYED',
  'TERMINAL_UNKNOWN',
  'TERMINAL_REVOKED',
  'ENROLMENT_CODE_INVALID',
  'ENROLMENT_KEY_INVALID',
  'ENROLMENT_RATE_LIMITED',
  // What the caller may touch (authorisation).
  'SERVICE_NOT_ALLOWED',
  // Catalogue administration.
  'MUNICIPALITY_NOT_FOUND',
  'PROVIDER_NOT_FOUND',
  'SERVICE_NOT_FOUND',
  'TERMINAL_NOT_FOUND',
  'ADMIN_NOT_FOUND',
  'CODE_TAKEN',
  'SERVICE_CODE_MISMATCH',
  // My Key IDs.
  'MYKEY_TAKEN',
  'MYKEY_NOT_REGISTERED',
  'CERTIFICATE_ALREADY_REGISTERED',
  'RESERVATION_NOT_FOUND',
  'CERTIFICATE_NOT_REGISTERED',
  // Proof that the holder is present (公的個人認証).
  'CHALLENGE_INVALID',
  'CHALLENGE_EXPIRED',
  'HOLDER_SIGNATURE_INVALID',
  'CERTIFICATE_UNTRUSTED',
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_REVOKED',
  'REVOCATION_UNKNOWN',
  'CRL_INVALID',
  'CRL_UNREACHABLE',
  'CRL_TOO_LARGE',
  'HOLDER_SESSION_INVALID',
  // Links (サービスID連携).
  'ALREADY_LINKED',
  'SERVICE_ID_TAKEN',
  'LINK_NOT_FOUND',
  'LINK_NEEDS_PIN',
  'LINK_PROOF_TOO_OLD',
  'LINK_PROOF_REPLAYED',
  'LINK_PROOF_NOT_THIS_CARD',
  // Points (ポイント).
  'PROGRAMME_NOT_FOUND',
  'PROGRAMME_INVALID',
  'MUNICIPAL_PROGRAMME_EXISTS',
  'POINTS_NOT_ALLOWED',
  'ANALYTICS_NOT_ALLOWED',
  'POINTS_ACTIVITY_NOT_FOUND',
  'POINTS_AWARD_ZERO',
  'POINTS_DAILY_CAP',
  'POINTS_INSUFFICIENT',
  'POINTS_CANCEL_NOT_FOUND',
  'POINTS_CANCEL_TOO_LATE',
  'POINTS_ALREADY_CANCELLED',
  // The card at the counter (a tap proves the card's data was there; the PIN, its holder).
  'POINTS_NOT_THIS_CARD',
  'POINTS_TAP_TOO_OLD',
  'POINTS_NEED_PIN',
  'POINTS_PIN_TOO_OLD',
  'POINTS_PIN_REPLAYED',
  'PROGRAMME_PARTICIPANT_IS_PARTNER',
  // Partner conversion (地域経済応援ポイント) and the holding account (留保ポイント口座).
  'CREDENTIAL_NOT_ALLOWED',
  'PARTNER_NOT_FOUND',
  'PARTNER_INVALID',
  'CONVERSION_NOT_LINKED',
  'CONVERSION_TOO_SMALL',
  'CONVERSION_DAILY_CAP',
  'MUNICIPAL_PROGRAMME_NOT_FOUND',
  'HOLDING_EMPTY',
  'COUPON_MISTYPED',
  'LINK_CODE_MISTYPED',
  'LINK_CODE_INVALID',
  'COUPON_INVALID',
  'COUPON_USED',
  'COUPON_EXPIRED',
  'COUPON_RATE_LIMITED',
  // Settlement (精算).
  'SETTLEMENT_PERIOD_OPEN',
  'SETTLEMENT_EARLIER_OPEN',
  'SETTLEMENT_NOT_FOUND',
  'SETTLEMENT_PERIOD_INVALID',
  // The platform (retry later).
  'PLATFORM_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The card bridge's codes (its WebSocket protocol); the two shared ones mean the same there. */
export const BRIDGE_ERROR_CODES = [
  'VALIDATION_FAILED',
  'INTERNAL_ERROR',
  // Readers and cards (the person at the reader acts).
  'PCSC_UNAVAILABLE',
  'NO_READER',
  'NO_CARD',
  'CARD_REMOVED',
  'NOT_A_MYNUMBER_CARD',
  'IS_A_MYNUMBER_CARD',
  'CARD_ERROR',
  'PIN_WRONG',
  'PIN_BLOCKED',
  'CARD_CHANGED',
  'TIMEOUT',
  'CANCELLED',
  'UNKNOWN_CARD_PROFILE',
  'CARD_PROFILE_MISMATCH',
  'SIMULATION_ONLY',
  // The card bridge: who may talk to it.
  'PROTOCOL_VERSION_UNSUPPORTED',
  'NOT_PAIRED',
  'PAIRING_NOT_STARTED',
  'PAIRING_CODE_WRONG',
  'PAIRING_RATE_LIMITED',
  // The site's pairing was removed at the PC (`pairings remove`) while this page was connected.
  'PAIRING_REMOVED',
  // A connection asked for more reads waiting for a card at once than the bridge holds.
  'TOO_MANY_WAITS',
] as const;

export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

/**
 * What the app itself finds when a part it talks to does not answer as it should; never sent by
 * the platform or the bridge, but shown to staff like their codes.
 */
export const CLIENT_ERROR_CODES = [
  // The platform could not be reached (no network, DNS, TLS, the platform down).
  'NETWORK_UNREACHABLE',
  // The platform answered something that is not its protocol (a proxy's page, a wrong server).
  'ANSWER_UNREADABLE',
  // The card bridge is not running or not reachable on loopback.
  'BRIDGE_UNREACHABLE',
  // The card bridge answered a result that is not its protocol's (another version).
  'BRIDGE_ANSWER_UNREADABLE',
] as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** Every code a client may meet: the platform's, the bridge's, and its own. */
export type AnyErrorCode = ErrorCode | BridgeErrorCode | ClientErrorCode;

const KNOWN_CODES: ReadonlySet<string> = new Set<string>([
  ...ERROR_CODES,
  ...BRIDGE_ERROR_CODES,
  ...CLIENT_ERROR_CODES,
]);

/** Whether a code that came over the wire is one this version knows (and has a sentence for). */
export const isKnownErrorCode = (code: string): code is AnyErrorCode => KNOWN_CODES.has(code);
