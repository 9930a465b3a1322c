import { hex, parseCommand } from '../cards/apdu';
import { part3Atr } from '../cards/card-technology';
import type { VirtualCard } from './vpcd-connection';

/**
 * A service card as a contactless reader presents it: a library or point card that answers only
 * the reader's GET DATA for its UID / IDm (`FF CA 00 00 00`) and refuses any application selection.
 */
export class VirtualServiceCard implements VirtualCard {
  readonly atr: Uint8Array;
  /** Every command this card was sent, for tests that count or inspect them. */
  readonly received: string[] = [];

  constructor(
    readonly uid: Uint8Array,
    readonly technology: 'FeliCa' | 'ISO14443A' = 'FeliCa',
  ) {
    this.atr = part3Atr(technology, technology === 'FeliCa' ? 0x003b : 0x0001);
  }

  transmit(apdu: Uint8Array): Uint8Array {
    this.received.push(hex(apdu));
    const c = parseCommand(apdu);
    if (c === undefined) return Uint8Array.of(0x67, 0x00);
    if (c.cla === 0xff && c.ins === 0xca && c.p1 === 0 && c.p2 === 0) {
      return Uint8Array.from([...this.uid, 0x90, 0x00]);
    }
    if (c.ins === 0xa4) return Uint8Array.of(0x6a, 0x82);
    return Uint8Array.of(0x6d, 0x00);
  }

  reset(): void {}
}
