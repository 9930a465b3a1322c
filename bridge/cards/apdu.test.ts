import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { command, fromHex, hex, parseCommand, parseResponse } from './apdu';
import {
  GET_UID,
  getResponse,
  readBinary,
  SELECT_JPKI_AP,
  selectEf,
  signSha256,
  verifyAuthPin,
} from './jpki-commands';

describe('the JPKI commands', () => {
  it('are the bytes DOMAIN.md gives', () => {
    expect(hex(SELECT_JPKI_AP)).toBe('00A4040C0AD392F000260100000001');
    expect(hex(selectEf('000A'))).toBe('00A4020C02000A');
    expect(hex(readBinary(0x0100, 0))).toBe('00B0010000');
    expect(hex(getResponse(0x20))).toBe('00C0000020');
    expect(hex(verifyAuthPin('1234'))).toBe('002000800431323334');
    expect(hex(verifyAuthPin())).toBe('00200080');
    expect(hex(signSha256(fromHex('AB'.repeat(32))))).toBe(
      `802A0080333031300D060960864801650304020105000420${'AB'.repeat(32)}00`,
    );
    expect(hex(GET_UID)).toBe('FFCA000000');
  });
});

describe('APDU encoding', () => {
  it('encodes the JPKI AP selection as DOMAIN.md gives it', () => {
    expect(hex(command([0x00, 0xa4, 0x04, 0x0c], fromHex('D392F000260100000001')))).toBe(
      '00A4040C0AD392F000260100000001',
    );
  });

  it('parses back every short command it encodes (cases 1-4)', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)),
        fc.option(fc.uint8Array({ minLength: 1, maxLength: 255 }), { nil: undefined }),
        fc.option(fc.nat(255), { nil: undefined }),
        (header, data, le) => {
          const parsed = parseCommand(command(header, data, le));
          expect(parsed).toEqual({
            cla: header[0],
            ins: header[1],
            p1: header[2],
            p2: header[3],
            data: data ?? new Uint8Array(),
            le,
          });
        },
      ),
    );
  });

  it('splits a response into data and status word, and refuses one shorter than 2 bytes', () => {
    expect(parseResponse(fromHex('30829000'))).toEqual({ data: fromHex('3082'), sw: 0x9000 });
    expect(parseResponse(fromHex('6C10'))).toEqual({ data: new Uint8Array(), sw: 0x6c10 });
    expect(parseResponse(fromHex('90'))).toBeUndefined();
  });

  it('reads back exactly what it parsed, and refuses what does not fit a short APDU', () => {
    let parsed = 0;
    const wellFormed = fc
      .record({
        header: fc.uint8Array({ minLength: 4, maxLength: 4 }),
        data: fc.uint8Array({ minLength: 0, maxLength: 255 }),
        le: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
      })
      .map(({ header, data, le }) =>
        command([header[0] ?? 0, header[1] ?? 0, header[2] ?? 0, header[3] ?? 0], data, le),
      );
    fc.assert(
      fc.property(fc.oneof(wellFormed, fc.uint8Array({ maxLength: 300 })), (bytes) => {
        const c = parseCommand(bytes);
        if (c === undefined) {
          // Only shapes that are no short APDU are refused: too short, Lc = 0, or lengths off.
          const lc = bytes[4] ?? 0;
          expect(
            bytes.length < 4 ||
              (bytes.length > 5 &&
                (lc === 0 || (bytes.length !== 5 + lc && bytes.length !== 6 + lc))),
          ).toBe(true);
          return;
        }
        parsed += 1;
        expect(Array.from(command([c.cla, c.ins, c.p1, c.p2], c.data, c.le))).toEqual(
          Array.from(bytes),
        );
      }),
      { numRuns: 2_000 },
    );
    expect(parsed).toBeGreaterThan(500);
  });
});
