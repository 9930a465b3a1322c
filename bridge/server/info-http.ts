import type { IncomingMessage, ServerResponse } from 'node:http';
import { BRIDGE_PROTOCOL_VERSION } from '../../core/bridge/protocol';
import { BRIDGE_NAME, BRIDGE_VERSION, INFO_PATH, WEBSOCKET_PATH } from './bridge-identity';
import type { BridgeServerOptions } from './server-options';

/**
 * Whether `host` (a Host header) names this bridge by a loopback address: a page reached through
 * another name (DNS rebinding) gets nowhere.
 */
export const isLoopbackHost = (host: string | undefined, port: number): boolean =>
  host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;

export const pathOf = (request: IncomingMessage): string =>
  new URL(request.url ?? '/', 'http://x').pathname;

/**
 * The HTTP side: a description of the bridge (no reader or card data), and CORS with the Private
 * Network Access preflight for allowed origins, so a page served from a public address may ask.
 */
export function answerHttp(
  request: IncomingMessage,
  response: ServerResponse,
  port: number,
  options: BridgeServerOptions,
): void {
  const origin = request.headers.origin;
  if (!isLoopbackHost(request.headers.host, port)) {
    response.writeHead(403).end();
    return;
  }
  if (origin !== undefined) {
    if (!options.allowedOrigins.includes(origin)) {
      response.writeHead(403, { vary: 'Origin' }).end();
      return;
    }
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('vary', 'Origin');
  }
  if (request.method === 'OPTIONS') answerPreflight(request, response);
  else if (request.method === 'GET' && pathOf(request) === INFO_PATH) answerInfo(response, options);
  else response.writeHead(404).end();
}

function answerPreflight(request: IncomingMessage, response: ServerResponse): void {
  response.setHeader('access-control-allow-methods', 'GET');
  const asked = request.headers['access-control-request-headers'];
  if (asked !== undefined) response.setHeader('access-control-allow-headers', asked);
  if (request.headers['access-control-request-private-network'] === 'true') {
    response.setHeader('access-control-allow-private-network', 'true');
    response.setHeader('private-network-access-name', BRIDGE_NAME);
  }
  response.writeHead(204).end();
}

function answerInfo(response: ServerResponse, options: BridgeServerOptions): void {
  response.writeHead(200, { 'content-type': 'application/json' }).end(
    JSON.stringify({
      name: BRIDGE_NAME,
      bridgeVersion: BRIDGE_VERSION,
      protocolVersion: BRIDGE_PROTOCOL_VERSION,
      websocket: WEBSOCKET_PATH,
      simulated: options.backend.simulated,
      // Which sites may use this PC's reader: for whoever looks after the PC (the tokens stay).
      pairedOrigins: options.pairings.list(),
    }),
  );
}
