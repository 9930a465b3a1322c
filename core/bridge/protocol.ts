import { z } from 'zod';
import { BRIDGE_ERROR_CODES, type BridgeErrorCode, type ClientErrorCode } from '../errors';
import { CARD_TECHNOLOGIES } from './card-profiles';

/**
 * The card bridge's WebSocket protocol (bridge ⇄ reception app), defined once for both sides.
 * Every message is one JSON text frame carrying the protocol version `v`. The app sends requests
 * with its own ids; the bridge answers each id exactly once (`result` or `error`) and pushes
 * `event`s about readers and cards to paired connections.
 */
export const BRIDGE_PROTOCOL_VERSION = 1;

/** Where the bridge listens for the app, on loopback: `ws://127.0.0.1:<port>` + this path. */
export const BRIDGE_WEBSOCKET_PATH = '/v1/ws';

/** How many simulated citizens a bridge in simulation mode offers (each with distinct cards). */
export const SIMULATED_CITIZENS = 3;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);

/**
 * How long a read may wait for a card to land; 0 answers NO_CARD at once when none is there.
 * Waiting holds no reader: another request (from this connection or another) is answered while one
 * waits, and card conversations are one at a time per reader only once a card is there.
 */
const waitMs = z.int().min(0).max(300_000).default(0);

const requestBase = {
  v: z.literal(BRIDGE_PROTOCOL_VERSION),
  id: z.string().min(1).max(64),
};

/**
 * The reader staff chose for this kind of card in 端末設定 (a shop PC often has one for the My
 * Number card and another for service cards); any reader with a card when not named.
 */
const reader = z.string().min(1).max(200).optional();

export const bridgeRequestSchema = z.discriminatedUnion('type', [
  /** First message on a connection: a token from an earlier pairing, if the app has one. */
  z.strictObject({
    ...requestBase,
    type: z.literal('hello'),
    token: z.string().max(200).optional(),
  }),
  /** Asks the bridge to show a one-time pairing code to the person at the PC. */
  z.strictObject({ ...requestBase, type: z.literal('pair.begin') }),
  z.strictObject({
    ...requestBase,
    type: z.literal('pair.confirm'),
    code: z.string().regex(/^\d{6}$/),
  }),
  z.strictObject({ ...requestBase, type: z.literal('status') }),
  /** The auth certificate of the My Number card, no PIN. */
  z.strictObject({ ...requestBase, type: z.literal('mynumber.read'), waitMs, reader }),
  /** VERIFY with no data: how many PIN tries are left, asked before the PIN is typed. */
  z.strictObject({ ...requestBase, type: z.literal('mynumber.pinTriesLeft'), waitMs, reader }),
  /**
   * The holder's consent: VERIFY the 4-digit PIN, then sign SHA-256(challenge) with the auth key.
   * The PIN goes to the card once; a wrong PIN is answered, never retried.
   */
  z.strictObject({
    ...requestBase,
    type: z.literal('mynumber.sign'),
    challenge: base64url.min(22).max(344),
    pin: z.string().regex(/^\d{4}$/),
    waitMs,
    reader,
    /**
     * The certificate read earlier (base64): when the card on the reader now holds another one,
     * the bridge answers CARD_CHANGED before the PIN is sent.
     */
    certificate: base64.max(8192).optional(),
  }),
  /** A service card's UID / IDm, and the service ID if a card profile is named. */
  z.strictObject({
    ...requestBase,
    type: z.literal('service.read'),
    profile: z.string().max(64).optional(),
    waitMs,
    reader,
  }),
  /**
   * Ends this connection's request `target` while it waits for a card (staff pressed 【取消】):
   * it answers CANCELLED at once. A card conversation already under way runs to its end.
   */
  z.strictObject({ ...requestBase, type: z.literal('cancel'), target: z.string().min(1).max(64) }),
  /**
   * Simulation mode only: put a virtual card on the virtual reader, or take it off. Each
   * simulated citizen (1 when not named) has a My Number card and a service card of their own.
   */
  z.strictObject({
    ...requestBase,
    type: z.literal('simulate.place'),
    card: z.enum(['mynumber', 'service']),
    citizen: z.number().int().min(1).max(SIMULATED_CITIZENS).optional(),
  }),
  z.strictObject({ ...requestBase, type: z.literal('simulate.remove') }),
]);
export type BridgeRequest = z.infer<typeof bridgeRequestSchema>;
export type BridgeRequestType = BridgeRequest['type'];

/**
 * The requests that wait for a card, with the kind of card each reads: they go to the reader
 * chosen for that kind (`reader`), and `cancel` may end them while they wait.
 */
export const CARD_REQUEST_KINDS = {
  'mynumber.read': 'mynumber',
  'mynumber.pinTriesLeft': 'mynumber',
  'mynumber.sign': 'mynumber',
  'service.read': 'service',
} as const satisfies Partial<Record<BridgeRequestType, 'mynumber' | 'service'>>;

/**
 * How many card requests one connection may have unanswered at once (waiting for a card, or queued
 * for the reader): one more is answered TOO_MANY_WAITS at once. The app has one or two at a time.
 */
export const MAX_WAITS_PER_CONNECTION = 8;

export const waitsForCard = (type: BridgeRequestType): type is keyof typeof CARD_REQUEST_KINDS =>
  Object.hasOwn(CARD_REQUEST_KINDS, type);

export const pcscStateSchema = z.enum(['available', 'unavailable', 'simulated']);
export const cardTechnologySchema = z.enum(CARD_TECHNOLOGIES);

export const readerSchema = z.object({
  name: z.string(),
  card: z.enum(['present', 'absent']),
  technology: cardTechnologySchema.optional(),
});
export type ReaderInfo = z.infer<typeof readerSchema>;

export const statusResultSchema = z.object({
  pcsc: pcscStateSchema,
  readers: z.array(readerSchema),
  simulated: z.boolean(),
});

export const myNumberCardResultSchema = z.object({
  reader: z.string(),
  /** The auth certificate, DER as base64: what the platform is sent. */
  certificate: base64,
  myKeyId: z.string(),
  issuingDeskCode: z.string(),
  serialNumber: z.string(),
  issuer: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  /** How many APDUs the read took (shown in diagnostics and benchmarks). */
  apdus: z.int(),
});
export type MyNumberCardResult = z.infer<typeof myNumberCardResultSchema>;

export const resultSchemas = {
  hello: z.object({ paired: z.boolean(), simulated: z.boolean(), bridgeVersion: z.string() }),
  'pair.begin': z.object({ expiresInSeconds: z.int() }),
  'pair.confirm': z.object({ token: z.string() }),
  status: statusResultSchema,
  'mynumber.read': myNumberCardResultSchema,
  'mynumber.pinTriesLeft': z.object({ reader: z.string(), triesLeft: z.int().min(0).max(15) }),
  'mynumber.sign': z.object({
    reader: z.string(),
    algorithm: z.literal('RSASSA-PKCS1-v1_5-SHA256'),
    signature: base64,
    certificate: base64,
  }),
  'service.read': z.object({
    reader: z.string(),
    uid: z.string().regex(/^[0-9A-F]+$/),
    technology: cardTechnologySchema,
    profile: z.string().optional(),
    serviceId: z.string().optional(),
  }),
  'simulate.place': z.object({
    card: z.enum(['mynumber', 'service']),
    citizen: z.number().int().min(1),
  }),
  'simulate.remove': z.object({}),
  cancel: z.object({ cancelled: z.boolean() }),
} satisfies Record<BridgeRequestType, z.ZodType>;
export type BridgeResult<T extends BridgeRequestType> = z.infer<(typeof resultSchemas)[T]>;

export const bridgeErrorSchema = z.object({
  code: z.enum(BRIDGE_ERROR_CODES),
  message: z.string(),
  /** PIN_WRONG: tries left before the card locks. */
  triesLeft: z.int().optional(),
});
export type BridgeError = z.infer<typeof bridgeErrorSchema>;

export const bridgeEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('readers'), pcsc: pcscStateSchema, readers: z.array(readerSchema) }),
  z.object({
    event: z.literal('card'),
    reader: z.string(),
    state: z.enum(['present', 'removed']),
    technology: cardTechnologySchema.optional(),
  }),
]);
export type BridgeEvent = z.infer<typeof bridgeEventSchema>;

/** Everything the bridge sends. `id` is null on an error about a message that had no usable id. */
export const bridgeMessageSchema = z.discriminatedUnion('type', [
  z.object({
    v: z.literal(BRIDGE_PROTOCOL_VERSION),
    type: z.literal('result'),
    id: z.string(),
    result: z.unknown(),
  }),
  z.object({
    v: z.literal(BRIDGE_PROTOCOL_VERSION),
    type: z.literal('error'),
    id: z.string().nullable(),
    error: bridgeErrorSchema,
  }),
  z.object({
    v: z.literal(BRIDGE_PROTOCOL_VERSION),
    type: z.literal('event'),
    data: bridgeEventSchema,
  }),
  /**
   * This connection is paired no more: the site's pairing was removed at the PC (`pairings
   * remove`). Its waiting reads end with PAIRING_REMOVED, and so does every request after it until
   * the page pairs again (`pair.begin`, on this connection or a new one).
   */
  z.object({
    v: z.literal(BRIDGE_PROTOCOL_VERSION),
    type: z.literal('unpaired'),
    reason: z.literal('removed'),
  }),
]);
export type BridgeMessage = z.infer<typeof bridgeMessageSchema>;

/** Why the bridge gave no result: its own code, or the app's when it could not be reached or read. */
export interface BridgeFailure {
  ok: false;
  code: BridgeErrorCode | ClientErrorCode;
  message: string;
  /** PIN_WRONG: tries left before the card locks. */
  triesLeft?: number;
}

/** The answer to one request type, its result read with that type's schema. */
export type BridgeAnswerTo<T extends BridgeRequestType> =
  | { ok: true; result: BridgeResult<T> }
  | BridgeFailure;

/**
 * The answer a `result` or `error` frame carries for a request of `type`: a result that does not
 * match the type's schema (a bridge of another version) is BRIDGE_ANSWER_UNREADABLE, never a cast.
 */
export function answerTo<T extends BridgeRequestType>(
  type: T,
  message: Extract<BridgeMessage, { type: 'result' | 'error' }>,
): BridgeAnswerTo<T> {
  if (message.type === 'error')
    return {
      ok: false,
      code: message.error.code,
      message: message.error.message,
      ...(message.error.triesLeft !== undefined ? { triesLeft: message.error.triesLeft } : {}),
    };
  const parsed = resultSchemas[type].safeParse(message.result);
  return parsed.success
    ? { ok: true, result: parsed.data as BridgeResult<T> }
    : { ok: false, code: 'BRIDGE_ANSWER_UNREADABLE', message: `unreadable ${type} result` };
}

/** An answer as the test and command-line client hands it on: the result unread, or the error. */
export type BridgeAnswer =
  | { ok: true; result: Record<string, unknown> }
  | { ok: false; code: string; message: string; triesLeft?: number };

/** The answer a `result` or `error` frame carries. */
export function answerOf(
  message: Extract<BridgeMessage, { type: 'result' | 'error' }>,
): BridgeAnswer {
  if (message.type === 'result')
    return { ok: true, result: message.result as Record<string, unknown> };
  return {
    ok: false,
    code: message.error.code,
    message: message.error.message,
    ...(message.error.triesLeft !== undefined ? { triesLeft: message.error.triesLeft } : {}),
  };
}
