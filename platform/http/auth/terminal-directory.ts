import { createPublicKey, type KeyObject } from 'node:crypto';
import { loadTerminalCredentials, type TerminalCredentials } from '../../domain/terminals';
import type { Queryable } from '../../store/database';

export interface KnownTerminal extends TerminalCredentials {
  publicKey: KeyObject | null;
}

/**
 * Terminal keys and service scopes, cached for a few seconds so that a signed lookup costs one
 * query. Revocation on this process takes effect at once; on another process within `ttlMs`.
 */
export class TerminalDirectory {
  private readonly cache = new Map<
    string,
    { terminal: KnownTerminal | undefined; loadedAt: number }
  >();

  constructor(
    private readonly db: Queryable,
    private readonly ttlMs = 5_000,
  ) {}

  async get(terminalId: string): Promise<KnownTerminal | undefined> {
    const cached = this.cache.get(terminalId);
    if (cached !== undefined && Date.now() - cached.loadedAt < this.ttlMs) return cached.terminal;
    const credentials = await loadTerminalCredentials(this.db, terminalId);
    const terminal =
      credentials === undefined
        ? undefined
        : {
            ...credentials,
            publicKey:
              credentials.publicKeyJwk === null
                ? null
                : createPublicKey({ key: credentials.publicKeyJwk, format: 'jwk' }),
          };
    this.cache.set(terminalId, { terminal, loadedAt: Date.now() });
    return terminal;
  }

  forget(terminalId?: string): void {
    if (terminalId === undefined) this.cache.clear();
    else this.cache.delete(terminalId);
  }
}
