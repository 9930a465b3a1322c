import type { KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import {
  importP256Key,
  loadTerminalCredentials,
  type TerminalCredentials,
} from '../../domain/terminals';
import type { Queryable } from '../../store/database';

export interface KnownTerminal extends TerminalCredentials {
  publicKey: KeyObject | null;
}

/** More terminals than one platform process serves at once; the least recently used go first. */
export const TERMINAL_CACHE_ENTRIES = 10_000;

/**
 * Terminal keys and service scopes, cached for a few seconds so that a signed lookup costs one
 * query. Only terminals that exist are cached, and at most TERMINAL_CACHE_ENTRIES of them: a key
 * id nobody enrolled costs one indexed query and nothing that outlives the request. Revocation on
 * this process takes effect at once; on another process within `ttlMs`.
 */
export class TerminalDirectory {
  private readonly cache: LRUCache<string, KnownTerminal>;

  constructor(
    private readonly db: Queryable,
    ttlMs = 5_000,
    maxEntries = TERMINAL_CACHE_ENTRIES,
  ) {
    this.cache = new LRUCache({ max: maxEntries, ttl: ttlMs });
  }

  /** How many terminals are cached (for tests and diagnostics). */
  get size(): number {
    return this.cache.size;
  }

  async get(terminalId: string): Promise<KnownTerminal | undefined> {
    const cached = this.cache.get(terminalId);
    if (cached !== undefined) return cached;
    const credentials = await loadTerminalCredentials(this.db, terminalId);
    if (credentials === undefined) return undefined;
    const terminal = { ...credentials, publicKey: importP256Key(credentials.publicKeyJwk) };
    this.cache.set(terminalId, terminal);
    return terminal;
  }

  forget(terminalId?: string): void {
    if (terminalId === undefined) this.cache.clear();
    else this.cache.delete(terminalId);
  }
}
