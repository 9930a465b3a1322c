import { describe, expect, it } from 'vitest';
import { fromHex } from './apdu';
import { ISO14443_4_ATR, part3Atr, technologyFromAtr } from './card-technology';

describe('the card technology from the ATR a contactless reader builds', () => {
  it('knows FeliCa and MIFARE from published reader ATRs', () => {
    expect(
      technologyFromAtr(fromHex('3B8F8001804F0CA0000003061100003B0000000042'.slice(0, 40))),
    ).toBe('FeliCa');
    expect(technologyFromAtr(fromHex('3B8F8001804F0CA000000306030001000000006A'))).toBe(
      'ISO14443A',
    );
  });

  it('calls a T=CL card such as the My Number card ISO14443-4, and anything else unknown', () => {
    expect(technologyFromAtr(ISO14443_4_ATR)).toBe('ISO14443-4');
    expect(technologyFromAtr(fromHex('3B6800000073C84013009000'))).toBe('unknown');
  });

  it('builds ATRs whose check byte is right', () => {
    const atr = part3Atr('ISO14443A', 0x0001);
    expect(
      Array.from(atr)
        .slice(1)
        .reduce((x, b) => x ^ b, 0),
    ).toBe(0);
    expect(atr.at(-1)).toBe(0x6a);
    expect(part3Atr('FeliCa', 0x003b).at(-1)).toBe(0x42);
  });
});
