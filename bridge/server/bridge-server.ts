import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  BRIDGE_PROTOCOL_VERSION,
  BRIDGE_WEBSOCKET_PATH,
  type BridgeEvent,
  type BridgeMessage,
  type BridgeRequest,
  bridgeRequestSchema,
  type ReaderInfo,
  waitsForCard,
} from '../../core/bridge/protocol';
import { errorMessage } from '../../core/error-messages';
import type { BridgeErrorCode } from '../../core/errors';
import { BridgeFailure, type CardService, type CardWait } from '../card-service';
import { technologyFromAtr } from '../cards/card-technology';
import type { ReaderBackend } from '../readers/reader-backend';
import type { SimulatedReaders } from '../simulate/simulated-readers';
import { PAIRING_CODE_TTL_MS, PairingCode, PairingRateLimit, type PairingStore } from './pairings';

export const BRIDGE_VERSION = '0.1.0';
export const WEBSOCKET_PATH = BRIDGE_WEBSOCKET_PATH;
export const INFO_PATH = '/v1/bridge';

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
  close(): Promise<void>;
}

interface Session {
  socket: WebSocket;
  origin: string;
  paired: boolean;
  pairingCode: PairingCode | undefined;
  /** This connection's card requests still waiting, by request id: 【取消】 and a closed socket end them. */
  waiting: Map<string, AbortController>;
}

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
        paired: false,
        pairingCode: undefined,
        waiting: new Map(),
      };
      sessions.add(session);
      // A page that went away waits for no card: its requests end and their listeners go.
      const end = () => {
        sessions.delete(session);
        for (const waiting of session.waiting.values()) waiting.abort();
      };
      ws.on('close', end);
      ws.on('error', end);
      ws.on('message', (data, isBinary) => {
        if (isBinary) return send(session, errorFrame(null, 'VALIDATION_FAILED'));
        void handleMessage(session, data.toString(), options).then((reply) => {
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
    for (const session of sessions) {
      if (session.paired) send(session, { v: BRIDGE_PROTOCOL_VERSION, type: 'event', data: event });
    }
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (http.address() as AddressInfo).port;

  return {
    port,
    close: async () => {
      stopWatching();
      for (const session of sessions) session.socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function send(session: Session, message: BridgeMessage): void {
  if (session.socket.readyState === session.socket.OPEN)
    session.socket.send(JSON.stringify(message));
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
  options: BridgeServerOptions,
): Promise<BridgeMessage | undefined> {
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
  // Bounded by what this connection has in flight; a reused id does not replace a waiting one.
  const waits = waitsForCard(request.type) && !session.waiting.has(request.id);
  const controller = new AbortController();
  if (waits) session.waiting.set(request.id, controller);
  try {
    const result = await dispatch(session, request, options, controller.signal);
    return { v: BRIDGE_PROTOCOL_VERSION, type: 'result', id: request.id, result };
  } catch (error) {
    const failure =
      error instanceof BridgeFailure
        ? error
        : new BridgeFailure('INTERNAL_ERROR', (error as Error).message);
    return errorFrame(request.id, failure.code, failure.triesLeft);
  } finally {
    if (waits) session.waiting.delete(request.id);
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
      session.paired = session.paired || pairings.isPaired(session.origin, request.token);
      if (session.paired) queueMicrotask(() => pushReaders(session, backend));
      return {
        paired: session.paired,
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
      session.paired = true;
      queueMicrotask(() => pushReaders(session, backend));
      return { token };
    }
    default:
      break;
  }
  if (!session.paired) throw new BridgeFailure('NOT_PAIRED', 'pair this page first');
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
      const waiting = session.waiting.get(request.target);
      waiting?.abort();
      return { cancelled: waiting !== undefined };
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
