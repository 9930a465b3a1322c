import type { Transmit } from '../cards/card-channel';

/** What a reader looks like from the bridge: its name, and the card in it if there is one. */
export interface ReaderState {
  name: string;
  /** The card's ATR while a card is present. */
  atr: Uint8Array | undefined;
}

export type BackendState = 'available' | 'unavailable' | 'simulated';

export type ReaderChange =
  | { kind: 'readers' }
  | { kind: 'card'; reader: string; present: boolean; atr: Uint8Array | undefined };

/** A live connection to the card in one reader. */
export interface CardConnection {
  readerName: string;
  atr: Uint8Array;
  transmit: Transmit;
  /** `reset` drops the card's security state (a verified PIN) on the way out. */
  disconnect(reset: boolean): Promise<void>;
}

/**
 * Where readers and cards come from: PC/SC (pcscd) or the built-in simulation. A backend keeps
 * its reader list current on its own, recovering from daemon restarts, and tells listeners what
 * changed; it never decides which card operation runs (that is the card service's job).
 */
export interface ReaderBackend {
  readonly simulated: boolean;
  state(): BackendState;
  readers(): ReaderState[];
  onChange(listener: (change: ReaderChange) => void): () => void;
  connect(readerName: string): Promise<CardConnection>;
  close(): Promise<void>;
}

/** Listener bookkeeping the backends share. */
export class ChangeListeners {
  private readonly listeners = new Set<(change: ReaderChange) => void>();

  add(listener: (change: ReaderChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: ReaderChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
