import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  BRIDGE_PROTOCOL_VERSION,
  BRIDGE_WEBSOCKET_PATH,
  type BridgeEvent,
  type BridgeMessage,
  type BridgeRequest,
  type BridgeRequestType,
  bridgeRequestSchema,
  MAX_WAITS_PER_CONNECTION,
  type ReaderInfo,
  waitsForCard,
} from '../../core/bridge/protocol';
import { errorMessage } from '../../core/error-messages';
import type { BridgeErrorCode } from '../../core/errors';
import { BridgeFailure, type CardService, type CardWait } from '../card-service';
import { technologyFromAtr } from '../cards/card-technology';
import type { ReaderBackend } from '../readers/reader-backend';
import type { SimulatedReaders } from '../simulate/simulated-readers';
import { PAIRING_CODE_TTL_MS, PairingCode, PairingRateLimit } from './pairing-codes';
import type { Pairing, PairingStore } from './pairings';

export const BRIDGE_VERSION = '0.1.0';
export const WEBSOCKET_PATH = BRIDGE_WEBSOCKET_PATH;
export const INFO_PATH = '/v1/bridge';

/** Card requests unanswered at once across every connection (each connection: the protocol's 8). */
export const MAX_WAITS_TOTAL = 32;
/**
 * Frames one connection may send in a second (each at most 64 KiB); the app sends a few. A
 * connection over it is closed (1008): every frame is answered, so a flood costs the bridge work
 * however small its frames.
 */
export const MAX_FRAMES_PER_SECOND = 2_000;
/** The close code for a connection over that rate (RFC 6455 § 7.4.1: policy violation). */
export const CLOSE_POLICY_VIOLATION = 1008;

export interface BridgeServerOptions {
  port: number;
  /** Web origins allowed to connect at all (exact match, e.g. `http://127.0.0.1:8787`). */
  allowedOrigins: readonly string[];
  backend: ReaderBackend;
  cards: CardService;
  pairings: PairingStore;
  /** Shows a pairing code to the person at this PC (the bridge's console, a window...). */
  showPairingCode: (origin: string, code: string) => void;
  simulator?: SimulatedReaders;
  pairingRateLimit?: PairingRateLimit;
}

export interface RunningBridgeServer {
  port: number;
  /** Card requests unanswered now, across every connection (at most MAX_WAITS_TOTAL). */
  waitsHeld(): number;
  close(): Promise<void>;
}

/** One card request unanswered: its id (what a `cancel` names) and what ends its wait. */
interface Wait {
  id: string;
  controller: AbortController;
}

interface Session {
  socket: WebSocket;
  origin: string;
  /** The pairing this connection presented (hello) or made (pair.confirm); none until then. */
  pairing: Pairing | undefined;
  /** Its pairing was removed while it was connected: it hears PAIRING_REMOVED until it pairs again. */
  pairingRemoved: boolean;
  pairingCode: PairingCode | undefined;
  /**
   * This connection's card requests unanswered (a reused id counts again): at most
   * MAX_WAITS_PER_CONNECTION. 【取消】, a closed socket and a removed pairing end their waits.
   */
  waiting: Set<Wait>;
  /** The second (Date.now() / 1000) its frames are being counted in, and how many came. */
  frameSecond: number;
  frames: number;
}

/** What every connection's requests share: the options, and the card requests held in all. */
interface Context {
  options: BridgeServerOptions;
  waits: { held: number };
}

/** The requests a page may send before it is paired; everything else needs a pairing that stands. */
const BEFORE_PAIRING: ReadonlySet<BridgeRequestType> = new Set([
  'hello',
  'pair.begin',
  'pair.confirm',
]);

/**
 * The bridge's face to the app: a WebSocket on 127.0.0.1 only. A connection must come from an
 * allowed origin with a loopback Host (no DNS rebinding), and must pair once (a code shown here,
 * typed there) before it gets anything about readers or cards. The small HTTP side answers CORS
 * and Chrome's Private Network Access preflight for allowed origins.
 */
export async function startBridgeServer(
  options: BridgeServerOptions,
): Promise<RunningBridgeServer> {
  const sessions = new Set<Session>();
  options.pairingRateLimit ??= new PairingRateLimit();
  const context: Context = { options, waits: { held: 0 } };
  const allowed = new Set(options.allowedOrigins);
  let port = options.port;

  const loopbackHost = (host: string | undefined) =>
    host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;

  const http = createServer((request, response) =>
    answerHttp(request, response, allowed, loopbackHost, options),
  );
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  http.on('upgrade', (request, socket, head) => {
    const origin = request.headers.origin;
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (
      path !== WEBSOCKET_PATH ||
      !loopbackHost(request.headers.host) ||
      origin === undefined ||
      !allowed.has(origin)
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const session: Session = {
        socket: ws,
        origin,
        pairing: undefined,
        pairingRemoved: false,
        pairingCode: undefined,
        waiting: new Set(),
        frameSecond: 0,
        frames: 0,
      };
      sessions.add(session);
      // A page that went away waits for no card: its requests end and their listeners go (each
      // gives its place back as it ends: one queued for a reader does so without touching the card).
      const end = () => {
        sessions.delete(session);
        for (const wait of session.waiting) wait.controller.abort();
      };
      ws.on('close', end);
      ws.on('error', end);
      ws.on('message', (data, isBinary) => {
        if (!withinRate(session)) {
          ws.close(CLOSE_POLICY_VIOLATION, 'too many messages');
          return;
        }
        if (isBinary) return send(session, errorFrame(null, 'VALIDATION_FAILED'));
        void handleMessage(session, data.toString(), context).then((reply) => {
          if (reply !== undefined) send(session, reply);
        });
      });
    });
  });

  const stopWatching = options.backend.onChange((change) => {
    const event: BridgeEvent =
      change.kind === 'readers'
        ? readersEvent(options.backend)
        : {
            event: 'card',
            reader: change.reader,
            state: change.present ? 'present' : 'removed',
            ...(change.atr !== undefined ? { technology: technologyFromAtr(change.atr) } : {}),
          };
    // Each event goes only to a connection whose pairing still stands in the file (a stat): the
    // watcher may not have said yet that it was removed (a network file system, the 1 s poll).
    for (const session of sessions) {
      if (trusted(session, options.pairings))
        send(session, { v: BRIDGE_PROTOCOL_VERSION, type: 'event', data: event });
    }
  });
  // `pairings remove` (in this process, or the CLI through the file): that site's connections are
  // trusted no more from this moment, not from their next hello.
  const stopFollowingPairings = options.pairings.onChange(() => {
    for (const session of sessions) {
      if (session.pairing !== undefined && !options.pairings.holds(session.pairing))
        unpair(session);
    }
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (http.address() as AddressInfo).port;

  return {
    port,
    waitsHeld: () => context.waits.held,
    close: async () => {
      stopWatching();
      stopFollowingPairings();
      for (const session of sessions) session.socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function send(session: Session, message: BridgeMessage): void {
  const { socket } = session;
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

function withinRate(session: Session, now = Date.now()): boolean {
  const second = Math.floor(now / 1000);
  if (second !== session.frameSecond) {
    session.frameSecond = second;
    session.frames = 0;
  }
  session.frames += 1;
  return session.frames <= MAX_FRAMES_PER_SECOND;
}

/**
 * The site's pairing is gone: the page is told (so it can offer pairing again), its waiting reads
 * end with PAIRING_REMOVED, and it gets no more events or card data.
 */
function unpair(session: Session): void {
  session.pairing = undefined;
  session.pairingRemoved = true;
  send(session, { v: BRIDGE_PROTOCOL_VERSION, type: 'unpaired', reason: 'removed' });
  const removed = new BridgeFailure('PAIRING_REMOVED', "the site's pairing was removed");
  for (const wait of session.waiting) wait.controller.abort(removed);
}

/** Whether the connection may have readers and cards: it is paired, and its pairing still stands. */
function trusted(session: Session, pairings: PairingStore): boolean {
  if (session.pairing !== undefined && !pairings.holds(session.pairing)) unpair(session);
  return session.pairing !== undefined;
}

const notTrusted = (session: Session) =>
  session.pairingRemoved
    ? new BridgeFailure('PAIRING_REMOVED', "the site's pairing was removed")
    : new BridgeFailure('NOT_PAIRED', 'pair this page first');

/** A place for one more card request, or undefined when this connection or the bridge is full. */
function holdWait(session: Session, context: Context, id: string): Wait | undefined {
  if (session.waiting.size >= MAX_WAITS_PER_CONNECTION || context.waits.held >= MAX_WAITS_TOTAL)
    return undefined;
  const wait = { id, controller: new AbortController() };
  session.waiting.add(wait);
  context.waits.held += 1;
  return wait;
}

function releaseWait(session: Session, context: Context, wait: Wait): void {
  if (session.waiting.delete(wait)) context.waits.held -= 1;
}

function errorFrame(id: string | null, code: BridgeErrorCode, triesLeft?: number): BridgeMessage {
  return {
    v: BRIDGE_PROTOCOL_VERSION,
    type: 'error',
    id,
    error: { code, message: errorMessage(code), ...(triesLeft !== undefined ? { triesLeft } : {}) },
  };
}

export function readerInfos(backend: ReaderBackend): ReaderInfo[] {
  return backend
    .readers()
    .map((reader) =>
      reader.atr === undefined
        ? { name: reader.name, card: 'absent' }
        : { name: reader.name, card: 'present', technology: technologyFromAtr(reader.atr) },
    );
}

function readersEvent(backend: ReaderBackend): BridgeEvent {
  return { event: 'readers', pcsc: backend.state(), readers: readerInfos(backend) };
}

/** The id of a message that failed validation, if it has a usable one, so the app can match it. */
function idOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : null;
}

async function handleMessage(
  session: Session,
  text: string,
  context: Context,
): Promise<BridgeMessage | undefined> {
  const { options } = context;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return errorFrame(null, 'VALIDATION_FAILED');
  }
  const id = idOf(raw);
  if ((raw as { v?: unknown } | null)?.v !== BRIDGE_PROTOCOL_VERSION)
    return errorFrame(id, 'PROTOCOL_VERSION_UNSUPPORTED');
  const parsed = bridgeRequestSchema.safeParse(raw);
  // The request is not echoed back: it may carry a PIN.
  if (!parsed.success) return errorFrame(id, 'VALIDATION_FAILED');
  const request = parsed.data;
  const needsPairing = !BEFORE_PAIRING.has(request.type);
  if (needsPairing && !trusted(session, options.pairings)) {
    const failure = notTrusted(session);
    return errorFrame(request.id, failure.code);
  }
  // Each card request holds a place until it is answered; none is queued beyond the bound.
  let wait: Wait | undefined;
  if (waitsForCard(request.type)) {
    wait = holdWait(session, context, request.id);
    if (wait === undefined) return errorFrame(request.id, 'TOO_MANY_WAITS');
  }
  const pairing = session.pairing;
  try {
    const result = await dispatch(
      session,
      request,
      options,
      wait?.controller.signal ?? new AbortController().signal,
    );
    // A card conversation under way when the site's pairing went: its data goes nowhere. The file
    // is looked at again now (a stat), not only when its watcher says it changed.
    if (needsPairing && (!trusted(session, options.pairings) || session.pairing !== pairing))
      throw notTrusted(session);
    return { v: BRIDGE_PROTOCOL_VERSION, type: 'result', id: request.id, result };
  } catch (error) {
    const failure =
      error instanceof BridgeFailure
        ? error
        : new BridgeFailure('INTERNAL_ERROR', (error as Error).message);
    return errorFrame(request.id, failure.code, failure.triesLeft);
  } finally {
    if (wait !== undefined) releaseWait(session, context, wait);
  }
}

async function dispatch(
  session: Session,
  request: BridgeRequest,
  options: BridgeServerOptions,
  signal: AbortSignal,
): Promise<unknown> {
  const { backend, cards, pairings } = options;
  switch (request.type) {
    case 'hello': {
      if (!trusted(session, pairings)) {
        const pairing = pairings.pairingOf(session.origin, request.token);
        if (pairing !== undefined) {
          session.pairing = pairing;
          session.pairingRemoved = false;
        }
      }
      const paired = session.pairing !== undefined;
      if (paired) queueMicrotask(() => pushReaders(session, backend));
      return {
        paired,
        simulated: backend.simulated,
        bridgeVersion: BRIDGE_VERSION,
      };
    }
    case 'pair.begin': {
      if (options.pairingRateLimit?.allow() === false)
        throw new BridgeFailure('PAIRING_RATE_LIMITED', 'too many pairing codes this minute');
      session.pairingCode = new PairingCode();
      options.showPairingCode(session.origin, session.pairingCode.code);
      return { expiresInSeconds: PAIRING_CODE_TTL_MS / 1000 };
    }
    case 'pair.confirm': {
      const verdict = session.pairingCode?.check(request.code) ?? 'expired';
      if (verdict === 'expired') {
        session.pairingCode = undefined;
        throw new BridgeFailure('PAIRING_NOT_STARTED', 'no active pairing code');
      }
      if (verdict === 'wrong') throw new BridgeFailure('PAIRING_CODE_WRONG', 'wrong code');
      session.pairingCode = undefined;
      const token = await pairings.pair(session.origin);
      session.pairing = pairings.pairingOf(session.origin, token);
      session.pairingRemoved = false;
      queueMicrotask(() => pushReaders(session, backend));
      return { token };
    }
    default:
      break;
  }
  switch (request.type) {
    case 'status':
      return {
        pcsc: backend.state(),
        readers: readerInfos(backend),
        simulated: backend.simulated,
      };
    case 'mynumber.read':
      return cards.readMyNumberCard(waitFor(request, signal));
    case 'mynumber.pinTriesLeft':
      return cards.pinTriesLeft(waitFor(request, signal));
    case 'mynumber.sign':
      return cards.signChallenge(
        request.challenge,
        request.pin,
        waitFor(request, signal),
        request.certificate,
      );
    case 'service.read':
      return cards.readServiceCard(request.profile, waitFor(request, signal));
    case 'cancel': {
      let cancelled = false;
      for (const wait of session.waiting) {
        if (wait.id !== request.target) continue;
        wait.controller.abort();
        cancelled = true;
      }
      return { cancelled };
    }
    case 'simulate.place': {
      const simulator = requireSimulator(options);
      const citizen = request.citizen ?? 1;
      if (citizen > simulator.citizenCount)
        throw new BridgeFailure('VALIDATION_FAILED', `no simulated citizen ${citizen}`);
      simulator.place(request.card, citizen);
      return { card: request.card, citizen };
    }
    case 'simulate.remove':
      requireSimulator(options).remove();
      return {};
  }
}

const waitFor = (
  request: { waitMs: number; reader?: string | undefined },
  signal: AbortSignal,
): CardWait => ({ waitMs: request.waitMs, reader: request.reader, signal });

function requireSimulator(options: BridgeServerOptions): SimulatedReaders {
  if (options.simulator === undefined)
    throw new BridgeFailure('SIMULATION_ONLY', 'the bridge is reading real cards');
  return options.simulator;
}

function pushReaders(session: Session, backend: ReaderBackend): void {
  send(session, { v: BRIDGE_PROTOCOL_VERSION, type: 'event', data: readersEvent(backend) });
}

/**
 * The HTTP side: a description of the bridge (no reader or card data), and CORS with the Private
 * Network Access preflight for allowed origins, so a page served from a public address may ask.
 */
function answerHttp(
  request: IncomingMessage,
  response: ServerResponse,
  allowed: ReadonlySet<string>,
  loopbackHost: (host: string | undefined) => boolean,
  options: BridgeServerOptions,
): void {
  const origin = request.headers.origin;
  if (!loopbackHost(request.headers.host)) {
    response.writeHead(403).end();
    return;
  }
  if (origin !== undefined) {
    if (!allowed.has(origin)) {
      response.writeHead(403, { vary: 'Origin' }).end();
      return;
    }
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('vary', 'Origin');
  }
  if (request.method === 'OPTIONS') {
    response.setHeader('access-control-allow-methods', 'GET');
    const asked = request.headers['access-control-request-headers'];
    if (asked !== undefined) response.setHeader('access-control-allow-headers', asked);
    if (request.headers['access-control-request-private-network'] === 'true') {
      response.setHeader('access-control-allow-private-network', 'true');
      response.setHeader('private-network-access-name', 'MyKey Card Bridge');
    }
    response.writeHead(204).end();
    return;
  }
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  if (request.method === 'GET' && path === INFO_PATH) {
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        name: 'MyKey Card Bridge',
        bridgeVersion: BRIDGE_VERSION,
        protocolVersion: BRIDGE_PROTOCOL_VERSION,
        websocket: WEBSOCKET_PATH,
        simulated: options.backend.simulated,
        // Which sites may use this PC's reader: for whoever looks after the PC (the tokens stay).
        pairedOrigins: options.pairings.list(),
      }),
    );
    return;
  }
  response.writeHead(404).end();
}
