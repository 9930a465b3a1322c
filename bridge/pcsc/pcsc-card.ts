import { createRequire } from 'node:module';
import type { CardReader, PCSCLite } from 'pcsclite';
import { CardError, type Transmit } from '../cards/card-channel';

/** The PC/SC daemon through the `pcsclite` addon, loaded only when a real reader is wanted. */
export function openPcsc(): PCSCLite {
  const require = createRequire(import.meta.url);
  const pcsclite = require('pcsclite') as () => PCSCLite;
  return pcsclite();
}

export interface ConnectedCard {
  readerName: string;
  atr: Uint8Array;
  transmit: Transmit;
  disconnect(): Promise<void>;
}

/**
 * Waits for a card in a reader whose name starts with `readerPrefix` and connects to it. A transmit
 * that fails because the card left the reader becomes CARD_REMOVED.
 */
export function waitForCard(
  pcsc: PCSCLite,
  readerPrefix: string,
  timeoutMs: number,
): Promise<ConnectedCard> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new CardError('NO_CARD', `no card in ${readerPrefix} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    pcsc.on('reader', (reader: CardReader) => {
      if (!reader.name.startsWith(readerPrefix)) return;
      reader.on('error', () => {});
      reader.on('status', (status) => {
        if ((status.state & reader.SCARD_STATE_PRESENT) === 0) return;
        reader.connect({ share_mode: reader.SCARD_SHARE_SHARED }, (error, protocol) => {
          if (error) return;
          clearTimeout(timer);
          resolve(connected(reader, protocol, status.atr ?? Buffer.alloc(0)));
        });
      });
    });
  });
}

function connected(reader: CardReader, protocol: number, atr: Buffer): ConnectedCard {
  return {
    readerName: reader.name,
    atr: new Uint8Array(atr),
    transmit: (apdu) =>
      new Promise((resolve, reject) => {
        reader.transmit(Buffer.from(apdu), 258, protocol, (error, data) => {
          if (error) reject(new CardError('CARD_REMOVED', error.message));
          else resolve(new Uint8Array(data));
        });
      }),
    disconnect: () =>
      new Promise((resolve) => {
        reader.disconnect(reader.SCARD_LEAVE_CARD, () => resolve());
      }),
  };
}
