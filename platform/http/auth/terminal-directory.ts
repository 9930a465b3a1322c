import type { KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import {
  importP256Key,
  loadTerminalCredentials,
  type TerminalCredentials,
} from '../../domain/terminals';
import type { Database, Queryable } from '../../store/database';

/** Where the database announces changed terminals (the trigger in migration 0014). */
export const CREDENTIALS_CHANNEL = 'mykey_credentials';

export interface KnownTerminal extends TerminalCredentials {
  publicKey: KeyObject | null;
}

/** More terminals than one platform process serves at once; the least recently used go first. */
export const TERMINAL_CACHE_ENTRIES = 10_000;

/**
 * Terminal keys and service scopes, cached for a few seconds so that a signed lookup costs one
 * query. Only terminals that exist are cached, and at most TERMINAL_CACHE_ENTRIES of them: a key
 * id nobody enrolled costs one indexed query and nothing that outlives the request. A revocation
 * or a change of scope takes effect on every process as soon as the database announces it
 * (`follow`, milliseconds); `ttlMs` bounds it should an announcement be lost.
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

  /** Forgets what the database announces as changed (migration 0014); returns the stop. */
  follow(db: Database): () => Promise<void> {
    return db.listen(CREDENTIALS_CHANNEL, {
      onMessage: (payload) => this.forget(payload === '*' ? undefined : payload),
      onGap: () => this.forget(),
    });
  }

  forget(terminalId?: string): void {
    if (terminalId === undefined) this.cache.clear();
    else this.cache.delete(terminalId);
  }
}
