/**
 * Writes the platform's OpenAPI document to a file without listening (PGlite in memory, Fastify's
 * inject), for `npm run lint:openapi` to hand to Redocly. Usage: tsx scripts/openapi-document.ts <out.json>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';
import { TrustAnchors } from '../platform/certificates/trust-anchors';
import { buildPlatformApp } from '../platform/http/app';
import { readConfig } from '../platform/process/config';
import { migrate } from '../platform/store/migrate';
import { openPglite } from '../platform/store/pglite';

const out = process.argv[2];
if (out === undefined) throw new Error('usage: openapi-document.ts <out.json>');
const db = await openPglite();
await migrate(db);
// No built app is served: the document is the API's alone.
const config = { ...readConfig({ MYKEY_PORT: '0' }), appDir: '/nonexistent' };
const { app } = await buildPlatformApp({
  db,
  config,
  logger: pino({ level: 'silent' }),
  anchors: new TrustAnchors(),
});
mkdirSync(dirname(out), { recursive: true });
const answer = await app.inject({ method: 'GET', url: '/v1/openapi.json' });
writeFileSync(out, answer.body);
await app.close();
await db.close();
