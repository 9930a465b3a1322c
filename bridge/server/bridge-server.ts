import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { WEBSOCKET_PATH } from './bridge-identity';
import { endWaits } from './card-waits';
import {
  type Connection,
  errorFrame,
  newConnection,
  send,
  sendEvent,
  trusted,
  unpair,
} from './connection';
import { CLOSE_POLICY_VIOLATION, MAX_FRAME_BYTES, withinRate } from './frame-bounds';
import { answerHttp, isLoopbackHost, pathOf } from './info-http';
import { PairingRateLimit } from './pairing-codes';
import { changeEvent } from './reader-events';
import { answerFrame } from './requests';
import type { BridgeContext, BridgeServerOptions } from './server-options';

// Where the bridge's start, its checks and its tests find the socket's path and the server's shape.
export { WEBSOCKET_PATH } from './bridge-identity';
export type { BridgeServerOptions } from './server-options';

export interface RunningBridgeServer {
  port: number;
  /** Card requests unanswered now, across every connection (at most MAX_WAITS_TOTAL). */
  waitsHeld(): number;
  close(): Promise<void>;
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
  const connections = new Set<Connection>();
  options.pairingRateLimit ??= new PairingRateLimit();
  const context: BridgeContext = { options, waits: { held: 0 } };
  // The port asked for until it listens (0: any), then the one it listens on, which a Host names.
  let port = options.port;
  const http = createServer((request, response) => answerHttp(request, response, port, options));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  http.on('upgrade', (request, socket, head) => {
    const origin = request.headers.origin;
    if (
      pathOf(request) !== WEBSOCKET_PATH ||
      !isLoopbackHost(request.headers.host, port) ||
      origin === undefined ||
      !options.allowedOrigins.includes(origin)
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) =>
      serveConnection(ws, origin, connections, context),
    );
  });
  const stopTelling = tellReaderChanges(connections, options);
  const stopFollowing = followPairings(connections, options);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (http.address() as AddressInfo).port;

  return {
    port,
    waitsHeld: () => context.waits.held,
    close: async () => {
      stopTelling();
      stopFollowing();
      for (const connection of connections) connection.socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** One page's WebSocket from its upgrade to its close: every text frame is answered, in turn. */
function serveConnection(
  ws: WebSocket,
  origin: string,
  connections: Set<Connection>,
  context: BridgeContext,
): void {
  const connection = newConnection(ws, origin);
  connections.add(connection);
  // A page that went away waits for no card: its requests end and their listeners go (each
  // gives its place back as it ends: one queued for a reader does so without touching the card).
  const end = () => {
    connections.delete(connection);
    endWaits(connection.waiting);
  };
  ws.on('close', end);
  ws.on('error', end);
  ws.on('message', (data, isBinary) => {
    if (!withinRate(connection.frameCount)) {
      ws.close(CLOSE_POLICY_VIOLATION, 'too many messages');
      return;
    }
    if (isBinary) return send(connection, errorFrame(null, 'VALIDATION_FAILED'));
    void answerFrame(connection, data.toString(), context).then((reply) => send(connection, reply));
  });
}

/** Tells every trusted page of readers and cards as they come and go; answers how to stop. */
function tellReaderChanges(
  connections: ReadonlySet<Connection>,
  options: BridgeServerOptions,
): () => void {
  return options.backend.onChange((change) => {
    const event = changeEvent(change, options.backend);
    // Each event goes only to a connection whose pairing still stands in the file (a stat): the
    // watcher may not have said yet that it was removed (a network file system, the 1 s poll).
    for (const connection of connections) {
      if (trusted(connection, options.pairings)) sendEvent(connection, event);
    }
  });
}

/**
 * `pairings remove` (in this process, or the CLI through the file): that site's connections are
 * trusted no more from this moment, not from their next hello. Answers how to stop.
 */
function followPairings(
  connections: ReadonlySet<Connection>,
  options: BridgeServerOptions,
): () => void {
  return options.pairings.onChange(() => {
    for (const connection of connections) {
      if (connection.pairing !== undefined && !options.pairings.holds(connection.pairing))
        unpair(connection);
    }
  });
}
