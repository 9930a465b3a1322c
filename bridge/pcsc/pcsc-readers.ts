import { createRequire } from 'node:module';
import type { CardReader, PCSCLite } from 'pcsclite';
import { CardError } from '../cards/card-channel';
import {
  type BackendState,
  type CardConnection,
  ChangeListeners,
  type ReaderBackend,
  type ReaderChange,
  type ReaderState,
} from '../readers/reader-backend';

/**
 * Loads the `pcsclite` addon, an optional dependency: it builds only where libpcsclite-dev was
 * installed first. Throws, with what to do, when it is missing.
 */
export function loadPcscAddon(): () => PCSCLite {
  try {
    return createRequire(import.meta.url)('pcsclite') as () => PCSCLite;
  } catch {
    throw new Error(
      'PC/SC を使えません: sudo apt-get install pcscd libpcsclite-dev のあと npm install をやり直してください / the pcsclite addon is missing: install pcscd and libpcsclite-dev, then run npm install again',
    );
  }
}

interface TrackedReader {
  reader: CardReader;
  atr: Uint8Array | undefined;
}

export interface PcscReadersOptions {
  /** How often to try pcscd again while it is not there. */
  retryMs?: number;
  open?: () => PCSCLite;
}

/**
 * Readers and cards through pcscd, kept current: readers plugged and unplugged, cards placed and
 * removed. When pcscd goes away (stopped, restarted, crashed) the context dies with it; the
 * backend reports `unavailable`, drops its readers and opens a new context every `retryMs` until
 * pcscd answers again, so nobody has to restart the bridge.
 */
export class PcscReaders implements ReaderBackend {
  readonly simulated = false;
  private pcsc: PCSCLite | undefined;
  private readonly tracked = new Map<string, TrackedReader>();
  private current: BackendState = 'unavailable';
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly listeners = new ChangeListeners();
  private readonly retryMs: number;
  private readonly openContext: () => PCSCLite;

  constructor(options: PcscReadersOptions = {}) {
    this.retryMs = options.retryMs ?? 1000;
    this.openContext = options.open ?? loadPcscAddon();
    this.open();
  }

  state(): BackendState {
    return this.current;
  }

  readers(): ReaderState[] {
    return [...this.tracked.entries()].map(([name, { atr }]) => ({ name, atr }));
  }

  onChange(listener: (change: ReaderChange) => void): () => void {
    return this.listeners.add(listener);
  }

  private open(): void {
    if (this.closed) return;
    let pcsc: PCSCLite;
    try {
      pcsc = this.openContext();
    } catch {
      this.retryLater();
      return;
    }
    this.pcsc = pcsc;
    this.setState('available');
    pcsc.on('reader', (reader) => this.track(pcsc, reader));
    pcsc.on('error', () => this.lose(pcsc));
  }

  private retryLater(): void {
    if (this.closed || this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.open();
    }, this.retryMs);
  }

  private setState(state: BackendState): void {
    if (this.current === state) return;
    this.current = state;
    this.listeners.emit({ kind: 'readers' });
  }

  /** pcscd is gone: forget its readers and look for it again. */
  private lose(pcsc: PCSCLite): void {
    if (this.pcsc !== pcsc) return;
    this.pcsc = undefined;
    try {
      pcsc.close();
    } catch {
      // The context is already dead; closing it can only fail the same way.
    }
    this.tracked.clear();
    this.current = 'unavailable';
    this.listeners.emit({ kind: 'readers' });
    this.retryLater();
  }

  private track(pcsc: PCSCLite, reader: CardReader): void {
    if (this.pcsc !== pcsc) return;
    this.tracked.set(reader.name, { reader, atr: undefined });
    this.listeners.emit({ kind: 'readers' });
    // A reader's own errors end in 'end' or in the context's error; neither needs more here.
    reader.on('error', () => {});
    reader.on('status', (status) => {
      const entry = this.tracked.get(reader.name);
      if (entry?.reader !== reader) return;
      const present = (status.state & reader.SCARD_STATE_PRESENT) !== 0;
      const atr = present && status.atr !== undefined ? new Uint8Array(status.atr) : undefined;
      if (present === (entry.atr !== undefined)) return;
      entry.atr = present ? (atr ?? new Uint8Array()) : undefined;
      this.listeners.emit({ kind: 'card', reader: reader.name, present, atr: entry.atr });
    });
    reader.on('end', () => {
      if (this.tracked.get(reader.name)?.reader !== reader) return;
      this.tracked.delete(reader.name);
      this.listeners.emit({ kind: 'readers' });
    });
  }

  connect(readerName: string): Promise<CardConnection> {
    const entry = this.tracked.get(readerName);
    if (entry === undefined) return Promise.reject(new CardError('NO_CARD', 'reader is gone'));
    const { reader } = entry;
    return new Promise((resolve, reject) => {
      reader.connect({ share_mode: reader.SCARD_SHARE_SHARED }, (error, protocol) => {
        if (error) return reject(new CardError('NO_CARD', error.message));
        resolve({
          readerName,
          atr: entry.atr ?? new Uint8Array(),
          transmit: (apdu) =>
            new Promise((done, fail) => {
              // 256 data bytes (an RSA-2048 signature) plus the status word.
              reader.transmit(Buffer.from(apdu), 258, protocol, (failure, data) => {
                if (failure) fail(new CardError('CARD_REMOVED', failure.message));
                else done(new Uint8Array(data));
              });
            }),
          disconnect: (reset) =>
            new Promise((done) => {
              const disposition = reset ? reader.SCARD_RESET_CARD : reader.SCARD_LEAVE_CARD;
              reader.disconnect(disposition, () => done());
            }),
        });
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const pcsc = this.pcsc;
    this.pcsc = undefined;
    this.tracked.clear();
    if (pcsc === undefined) return;
    pcsc.on('error', () => {});
    pcsc.close();
  }
}
