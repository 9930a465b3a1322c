import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { HttpOptions } from './options';

/**
 * Serves the built reception app at `/`, so the app, the API and the service worker share one
 * origin (no CORS, and the bridge's default origin list already names it). The CSP lets the app
 * talk to this origin and to the card bridge on loopback, and nothing else.
 */
export async function serveApp(
  app: FastifyInstance,
  config: Pick<HttpOptions, 'appDir' | 'appFrameAncestors'>,
): Promise<boolean> {
  const root = resolve(config.appDir);
  if (!existsSync(join(root, 'index.html'))) return false;
  const csp = [
    "default-src 'self'",
    "connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:*",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "style-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    `frame-ancestors ${config.appFrameAncestors}`,
  ].join('; ');
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // An array: with preCompressed, @fastify/static looks an index up only in a list.
    index: ['index.html'],
    // The build writes .br and .gz beside each asset; a browser that accepts them gets them.
    preCompressed: true,
    setHeaders(response, path) {
      response.setHeader('content-security-policy', csp);
      response.setHeader('x-content-type-options', 'nosniff');
      response.setHeader('referrer-policy', 'no-referrer');
      // Hashed assets never change; the page and the service worker must always be checked.
      response.setHeader(
        'cache-control',
        path.includes(`${join('/', 'assets', '/')}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });
  return true;
}
