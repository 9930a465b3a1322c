import { constants, type KeyObject, privateEncrypt } from 'node:crypto';
import { hex, parseCommand } from '../cards/apdu';
import { ISO14443_4_ATR } from '../cards/card-technology';
import type { VirtualCard } from './vpcd-connection';

/**
 * A My Number card as far as the bridge may see it, answering raw APDUs: the JPKI AP with the
 * auth certificate and its CA, the auth PIN with a retry counter and lock, and the auth key. It
 * also carries the applications that hold the My Number, and records any selection of them so
 * tests can prove the bridge never makes one. Used by unit tests and, over vpcd, by pcscd.
 */
export interface VirtualJpkiCardOptions {
  authCertificate: Uint8Array;
  authCaCertificate: Uint8Array;
  authKey: KeyObject;
  pin: string;
  /** How the card answers a READ BINARY whose Le is larger than what is left: 6Cxx, or short data. */
  shortRead?: '6C' | 'short';
  /** Answer long reads in pieces announced by 61xx, as some readers' T=0 cards do. */
  chainWith61?: number;
}

/**
 * The card's own applications, written out here rather than taken from the bridge's allowlist, so
 * that a wrong allowlist cannot also make the card agree with it (as OpenSC's card-jpki.c and the
 * `myna` tools publish them: the JPKI AP, then 券面事項入力補助AP, 券面AP, 住基AP and one more).
 */
const JPKI_AP = 'D392F000260100000001';
const MY_NUMBER_APS = new Set([
  'D3921000310001010408',
  'D3921000310001010402',
  'D3921000310001010401',
  'D3921000310001010100',
]);

/**
 * Who hears of a selection of any application other than the JPKI AP, as it happens. The test
 * harness listens (tests/support/card-watch.ts) and fails whichever test was running, so every
 * test that places a virtual My Number card checks it without saying so.
 */
export const forbiddenSelectionListeners = new Set<(aid: string) => void>();

const sw = (word: number) => Uint8Array.of(word >> 8, word & 0xff);
const withSw = (data: Uint8Array, word: number) =>
  Uint8Array.from([...data, word >> 8, word & 0xff]);

export class VirtualJpkiCard implements VirtualCard {
  readonly atr = ISO14443_4_ATR;
  /** Applications other than the JPKI AP that were selected (the first 100). */
  readonly forbiddenSelections: string[] = [];
  /** How many APDUs the card has answered, for benchmarks and tests. */
  received = 0;
  triesLeft = 3;
  private currentAp: string | undefined;
  private currentEf: string | undefined;
  private pinVerified = false;
  private pending: Uint8Array = new Uint8Array();

  constructor(private readonly options: VirtualJpkiCardOptions) {}

  /** Power-on or reset: security state and selection are lost, the PIN counter is not. */
  reset(): void {
    this.currentAp = undefined;
    this.currentEf = undefined;
    this.pinVerified = false;
    this.pending = new Uint8Array();
  }

  private files(): Record<string, Uint8Array> {
    return {
      '000A': this.options.authCertificate,
      '000B': this.options.authCaCertificate,
      '0006': new TextEncoder().encode('JPKIAPICCTOKEN2'),
    };
  }

  transmit(apdu: Uint8Array): Uint8Array {
    this.received += 1;
    const c = parseCommand(apdu);
    if (c === undefined) return sw(0x6700);
    if (c.ins === 0xa4 && c.p1 === 0x04) return this.selectAp(hex(c.data));
    if (c.ins === 0xa4 && c.p1 === 0x02) return this.selectEf(hex(c.data));
    if (c.ins === 0xb0) return this.readBinary(((c.p1 & 0x7f) << 8) | c.p2, c.le ?? 0);
    if (c.ins === 0xc0) return this.getResponse(c.le ?? 0);
    if (c.ins === 0x20) return this.verify(c.data);
    if (c.ins === 0x2a) return this.sign(c.data);
    return sw(0x6d00);
  }

  private selectAp(aid: string): Uint8Array {
    this.currentEf = undefined;
    this.pinVerified = false;
    if (aid !== JPKI_AP) {
      // The bridge has no reason to select anything but the JPKI AP: any other name is a breach.
      if (this.forbiddenSelections.length < 100) this.forbiddenSelections.push(aid);
      for (const listener of forbiddenSelectionListeners) listener(aid);
    }
    if (MY_NUMBER_APS.has(aid)) {
      this.currentAp = aid;
      return sw(0x9000);
    }
    if (aid !== JPKI_AP) return sw(0x6a82);
    this.currentAp = aid;
    return sw(0x9000);
  }

  private selectEf(fid: string): Uint8Array {
    if (this.currentAp !== JPKI_AP) return sw(0x6a82);
    if (!['000A', '000B', '0006', '0017', '0018', '0001', '0002'].includes(fid)) return sw(0x6a82);
    this.currentEf = fid;
    return sw(0x9000);
  }

  private readBinary(offset: number, le: number): Uint8Array {
    const file = this.currentEf === undefined ? undefined : this.files()[this.currentEf];
    if (file === undefined) return sw(0x6986);
    if (offset > file.length) return sw(0x6b00);
    const wanted = le === 0 ? 256 : le;
    const left = file.length - offset;
    if (wanted > left && this.options.shortRead === '6C') return sw(0x6c00 | (left & 0xff));
    const data = file.slice(offset, offset + Math.min(wanted, left));
    const piece = this.options.chainWith61;
    if (piece !== undefined && data.length > piece) {
      this.pending = data.slice(piece);
      return withSw(data.slice(0, piece), 0x6100 | Math.min(this.pending.length, 0xff));
    }
    return withSw(data, 0x9000);
  }

  private getResponse(le: number): Uint8Array {
    if (this.pending.length === 0) return sw(0x6985);
    const piece = Math.min(le === 0 ? 256 : le, this.options.chainWith61 ?? 256);
    const data = this.pending.slice(0, piece);
    this.pending = this.pending.slice(piece);
    return withSw(
      data,
      this.pending.length > 0 ? 0x6100 | Math.min(this.pending.length, 0xff) : 0x9000,
    );
  }

  private verify(data: Uint8Array): Uint8Array {
    if (this.currentEf !== '0018') return sw(0x6986);
    if (this.triesLeft === 0) return sw(0x6983);
    if (data.length === 0) return sw(0x63c0 | this.triesLeft);
    if (new TextDecoder().decode(data) === this.options.pin) {
      this.triesLeft = 3;
      this.pinVerified = true;
      return sw(0x9000);
    }
    this.triesLeft -= 1;
    return this.triesLeft === 0 ? sw(0x6983) : sw(0x63c0 | this.triesLeft);
  }

  private sign(digestInfo: Uint8Array): Uint8Array {
    if (this.currentEf !== '0017') return sw(0x6986);
    if (!this.pinVerified) return sw(0x6982);
    // PKCS#1 v1.5 over a caller-made DigestInfo is exactly what the card's COMPUTE DIGITAL SIGNATURE does.
    const signature = privateEncrypt(
      { key: this.options.authKey, padding: constants.RSA_PKCS1_PADDING },
      digestInfo,
    );
    return withSw(new Uint8Array(signature), 0x9000);
  }
}
