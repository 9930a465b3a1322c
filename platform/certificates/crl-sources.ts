import { readFile, stat } from 'node:fs/promises';
import type { ErrorCode } from '../../core/errors';
import type { Database } from '../store/database';
import { type LoadedCrl, loadCrl, MAX_CRL_BYTES } from './crl';
import type { TrustAnchors } from './trust-anchors';

/**
 * Where the platform fetches CRLs by itself (MYKEY_CRL_SOURCES): J-LIS gives revocation status
 * only to registered verifiers, so each operator points this at what it has been given, an
 * http(s) URL or a file that another job keeps fresh. Operators can still load a CRL by hand
 * (`crl load`, POST /v1/admin/crls); both go through the same checks.
 */
export type CrlSourceResult =
  | { source: string; outcome: 'loaded'; crl: LoadedCrl }
  | { source: string; outcome: 'refused'; code: ErrorCode; reason: string };

/** Reads one source's bytes: http(s) by fetch, anything else as a file path. */
export type ReadCrlSource = (source: string) => Promise<Uint8Array>;

/** Long enough for a list near MAX_CRL_BYTES on a slow line; the next round tries again. */
const FETCH_TIMEOUT_MS = 10 * 60_000;

/** A source bigger than MAX_CRL_BYTES: refused before it is read whole. */
export class CrlTooLarge extends Error {
  constructor() {
    super(`larger than ${MAX_CRL_BYTES} bytes`);
  }
}

export const readCrlSource: ReadCrlSource = async (source) => {
  if (!/^https?:\/\//i.test(source)) {
    if ((await stat(source)).size > MAX_CRL_BYTES) throw new CrlTooLarge();
    return new Uint8Array(await readFile(source));
  }
  // A verifier's account in the URL (https://user:password@host/…) goes as HTTP Basic auth.
  const url = new URL(source);
  const headers: Record<string, string> = {};
  if (url.username !== '' || url.password !== '') {
    const account = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.authorization = `Basic ${Buffer.from(account).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return readAtMost(response, MAX_CRL_BYTES);
};

async function readAtMost(response: Response, limit: number): Promise<Uint8Array> {
  if (Number(response.headers.get('content-length') ?? 0) > limit) {
    await response.body?.cancel();
    throw new CrlTooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (next === undefined || next.done) break;
    total += next.value.length;
    if (total > limit) {
      await reader?.cancel();
      throw new CrlTooLarge();
    }
    chunks.push(next.value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Loads every source once, each on its own: a source that cannot be reached or gives a bad list
 * leaves the list loaded before in place and does not stop the others.
 */
export async function refreshCrlSources(
  db: Database,
  anchors: TrustAnchors,
  sources: readonly string[],
  read: ReadCrlSource = readCrlSource,
): Promise<CrlSourceResult[]> {
  const results: CrlSourceResult[] = [];
  for (const source of sources) {
    let bytes: Uint8Array;
    try {
      bytes = await read(source);
    } catch (error) {
      results.push({
        source,
        outcome: 'refused',
        code: error instanceof CrlTooLarge ? 'CRL_TOO_LARGE' : 'CRL_UNREACHABLE',
        reason: (error as Error).message.replaceAll(source, sourceForLog(source)),
      });
      continue;
    }
    const loaded = await loadCrl(db, anchors, bytes);
    results.push(
      loaded.ok
        ? { source, outcome: 'loaded', crl: loaded.value }
        : { source, outcome: 'refused', code: loaded.code, reason: 'format, signature or age' },
    );
  }
  return results;
}

/** A source as it may be logged: no user name, password or query string from a URL. */
export function sourceForLog(source: string): string {
  if (!/^https?:\/\//i.test(source)) return source;
  try {
    const url = new URL(source);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Loads the sources now and then every `minutes`, one round at a time; `report` hears each
 * round's results. Returns a function that stops it.
 */
export function keepCrlsFresh(
  db: Database,
  anchors: TrustAnchors,
  sources: readonly string[],
  minutes: number,
  report: (results: CrlSourceResult[]) => void,
  read: ReadCrlSource = readCrlSource,
): () => void {
  if (sources.length === 0) return () => {};
  let running = false;
  const round = () => {
    if (running) return;
    running = true;
    refreshCrlSources(db, anchors, sources, read)
      .then(report)
      .catch((error: Error) =>
        report(
          sources.map((source) => ({
            source,
            outcome: 'refused' as const,
            code: 'INTERNAL_ERROR' as const,
            reason: error.name,
          })),
        ),
      )
      .finally(() => {
        running = false;
      });
  };
  round();
  const timer = setInterval(round, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
