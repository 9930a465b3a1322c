import {
  BRIDGE_PROTOCOL_VERSION,
  type BridgeMessage,
  type BridgeRequest,
  type BridgeRequestType,
  bridgeRequestSchema,
  waitsForCard,
} from '../../core/bridge/protocol';
import { BridgeFailure } from '../card-service';
import { answerPaired } from './card-requests';
import { holdWait, releaseWait, type Wait } from './card-waits';
import { type Connection, errorFrame, notTrusted, trusted } from './connection';
import { beginPairing, confirmPairing, hello } from './pairing-requests';
import type { BridgeContext, BridgeServerOptions } from './server-options';

/** The requests a page may send before it is paired; everything else needs a pairing that stands. */
const BEFORE_PAIRING: ReadonlySet<BridgeRequestType> = new Set([
  'hello',
  'pair.begin',
  'pair.confirm',
]);

/** The id of a message that failed validation, if it has a usable one, so the app can match it. */
export function idOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : null;
}

/** A text frame as a request of this protocol version, or the error that answers it. */
export function parseRequest(
  text: string,
): { request: BridgeRequest } | { refusal: BridgeMessage } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { refusal: errorFrame(null, 'VALIDATION_FAILED') };
  }
  const id = idOf(raw);
  if ((raw as { v?: unknown } | null)?.v !== BRIDGE_PROTOCOL_VERSION)
    return { refusal: errorFrame(id, 'PROTOCOL_VERSION_UNSUPPORTED') };
  const parsed = bridgeRequestSchema.safeParse(raw);
  // The request is not echoed back: it may carry a PIN.
  return parsed.success
    ? { request: parsed.data }
    : { refusal: errorFrame(id, 'VALIDATION_FAILED') };
}

/** The answer to one text frame from `connection`. */
export async function answerFrame(
  connection: Connection,
  text: string,
  context: BridgeContext,
): Promise<BridgeMessage> {
  const parsed = parseRequest(text);
  if ('refusal' in parsed) return parsed.refusal;
  const { request } = parsed;
  const { pairings } = context.options;
  const needsPairing = !BEFORE_PAIRING.has(request.type);
  if (needsPairing && !trusted(connection, pairings))
    return errorFrame(request.id, notTrusted(connection).code);
  // Each card request holds a place until it is answered; none is queued beyond the bound.
  let wait: Wait | undefined;
  if (waitsForCard(request.type)) {
    wait = holdWait(connection.waiting, context.waits, request.id);
    if (wait === undefined) return errorFrame(request.id, 'TOO_MANY_WAITS');
  }
  const pairing = connection.pairing;
  try {
    const signal = wait?.controller.signal ?? new AbortController().signal;
    const result = await dispatch(connection, request, context.options, signal);
    // A card conversation under way when the site's pairing went: its data goes nowhere. The file
    // is looked at again now (a stat), not only when its watcher says it changed.
    if (needsPairing && (!trusted(connection, pairings) || connection.pairing !== pairing))
      throw notTrusted(connection);
    return { v: BRIDGE_PROTOCOL_VERSION, type: 'result', id: request.id, result };
  } catch (error) {
    const failure =
      error instanceof BridgeFailure
        ? error
        : new BridgeFailure('INTERNAL_ERROR', (error as Error).message);
    return errorFrame(request.id, failure.code, failure.triesLeft);
  } finally {
    if (wait !== undefined) releaseWait(connection.waiting, context.waits, wait);
  }
}

async function dispatch(
  connection: Connection,
  request: BridgeRequest,
  options: BridgeServerOptions,
  signal: AbortSignal,
): Promise<unknown> {
  switch (request.type) {
    case 'hello':
      return hello(connection, request, options);
    case 'pair.begin':
      return beginPairing(connection, options);
    case 'pair.confirm':
      return confirmPairing(connection, request, options);
    default:
      return answerPaired(connection, request, options, signal);
  }
}
