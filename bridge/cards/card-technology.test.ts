import { describe, expect, it } from 'vitest';
import { fromHex } from './apdu';
import { ISO14443_4_ATR, part3Atr, technologyFromAtr } from './card-technology';

describe('the card technology from the ATR a contactless reader builds', () => {
  // PC/SC Part 3 Supplemental Document (RID A0 00 00 03 06, SS 11 = FeliCa, NN 00 3B = FeliCa
  // 212K; SS 03 = ISO 14443 A part 3, NN 00 01 = MIFARE Classic 1K), as printed byte for byte in
  // readers' manuals such as ACS's ACR122U API guide; the last byte is each ATR's check byte.
  it('knows FeliCa and MIFARE from published reader ATRs', () => {
    const felica = fromHex('3B8F8001804F0CA00000030611003B0000000042');
    expect(felica.slice(1).reduce((x, b) => x ^ b, 0)).toBe(0);
    expect(technologyFromAtr(felica)).toBe('FeliCa');
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
