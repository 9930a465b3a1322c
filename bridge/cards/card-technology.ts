import type { CardTechnology } from '../../core/bridge/card-profiles';

/**
 * Contactless readers (PC/SC 2.01 part 3) build an ATR for cards that have none. For memory and
 * FeliCa cards it is `3B 8F 80 01 80 4F 0C A0 00 00 03 06 <SS> <NN NN> 00 00 00 00 <TCK>`, where SS
 * names the standard (part 3 supplement, table "Standard"); ISO 14443-4 cards get `3B 8n 80 01 …`
 * carrying their historical bytes or ATQB data, which does not say A or B.
 */
const PART3_PREFIX = [0x3b, 0x8f, 0x80, 0x01, 0x80, 0x4f, 0x0c, 0xa0, 0x00, 0x00, 0x03, 0x06];

const STANDARDS: Readonly<Record<number, CardTechnology>> = {
  3: 'ISO14443A',
  7: 'ISO14443B',
  11: 'ISO15693',
  12: 'ISO15693',
  17: 'FeliCa',
};

export function technologyFromAtr(atr: Uint8Array): CardTechnology {
  if (PART3_PREFIX.every((byte, i) => atr[i] === byte)) {
    return STANDARDS[atr[12] ?? -1] ?? 'unknown';
  }
  if (atr[0] === 0x3b && ((atr[1] ?? 0) & 0xf0) === 0x80 && atr[2] === 0x80 && atr[3] === 0x01) {
    return 'ISO14443-4';
  }
  return 'unknown';
}

/** The ATR a PC/SC part 3 reader gives a card of this standard (used by the virtual cards). */
export function part3Atr(standard: 'FeliCa' | 'ISO14443A', cardName: number): Uint8Array {
  const ss = standard === 'FeliCa' ? 0x11 : 0x03;
  return withTck([...PART3_PREFIX, ss, cardName >> 8, cardName & 0xff, 0, 0, 0, 0]);
}

/** TCK makes every byte from T0 on XOR to zero (ISO 7816-3 §8.2.5). */
function withTck(body: number[]): Uint8Array {
  const tck = body.slice(1).reduce((x, b) => x ^ b, 0);
  return Uint8Array.from([...body, tck]);
}

/** The ATR a reader gives a contactless ISO 14443-4 card such as the My Number card (type B). */
export const ISO14443_4_ATR = withTck([0x3b, 0x88, 0x80, 0x01, 0, 0, 0, 0, 0x77, 0x81, 0x81, 0x00]);
