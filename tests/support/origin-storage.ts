import type { Page } from 'playwright-core';

/**
 * Everything a page's origin keeps, read from inside the page: every IndexedDB store's keys and
 * values, Cache Storage (URLs and bodies), cookies, localStorage and sessionStorage. Binary values
 * are given as text three ways, so a secret stored in any encoding is found by a plain search.
 */
export interface OriginStorage {
  /** Stores and web storage, binary values as latin1 and UTF-16 text. */
  text: string;
  /** The same binary values as upper-case hex and as base64. */
  encoded: string;
  /** Cache Storage, as text (the app's own files: a megabyte of code and WebAssembly). */
  cached: string;
  /** How many object stores and cached files were read: a scan of nothing proves nothing. */
  stores: number;
  files: number;
}

export function readOriginStorage(page: Page): Promise<OriginStorage> {
  return page.evaluate(async () => {
    const text: string[] = [];
    const encoded: string[] = [];
    const asText = (bytes: Uint8Array) => {
      const latin1 = Array.from(bytes, (b) => String.fromCharCode(b)).join('');
      const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      encoded.push(hex.toUpperCase(), btoa(latin1));
      return `${latin1} ${new TextDecoder('utf-16le').decode(bytes)}`;
    };
    const replacer = (_key: string, value: unknown) =>
      value instanceof ArrayBuffer
        ? asText(new Uint8Array(value))
        : ArrayBuffer.isView(value)
          ? asText(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
          : value;
    let stores = 0;
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name as string);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        stores += 1;
        const [keys, values] = await Promise.all(
          (['getAllKeys', 'getAll'] as const).map(
            (method) =>
              new Promise<unknown[]>((resolve) => {
                const request = db.transaction(name).objectStore(name)[method]();
                request.onsuccess = () => resolve(request.result as unknown[]);
              }),
          ),
        );
        text.push(JSON.stringify({ keys, values }, replacer));
      }
      db.close();
    }
    const cached: string[] = [];
    for (const cacheName of await caches.keys()) {
      const cache = await caches.open(cacheName);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        cached.push(`${cacheName} ${request.url} ${(await response?.text()) ?? ''}`);
      }
    }
    text.push(
      document.cookie,
      JSON.stringify({ ...localStorage }),
      JSON.stringify({ ...sessionStorage }),
    );
    return {
      text: text.join('\n'),
      encoded: encoded.join('\n'),
      cached: cached.join('\n'),
      stores,
      files: cached.length,
    };
  });
}

/**
 * A secret as it would look stored in another encoding: itself, UTF-8 as hex (both cases), UTF-16,
 * and base64 and base64url at each of the three byte alignments it could start at (only the
 * characters that depend on the secret alone). Searching a haystack for all of them finds the
 * secret however a page encoded it, without re-encoding a megabyte of haystack.
 */
export function encodingsOf(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const hex = bytes.toString('hex');
  const forms = [secret, hex, hex.toUpperCase(), Buffer.from(secret, 'utf16le').toString('latin1')];
  for (const offset of [0, 1, 2]) {
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]);
    const whole = Math.floor(shifted.length / 3) * 4;
    const skip = [0, 2, 3][offset] as number;
    for (const encoding of ['base64', 'base64url'] as const)
      forms.push(shifted.toString(encoding).slice(skip, whole));
  }
  return [...new Set(forms)];
}
