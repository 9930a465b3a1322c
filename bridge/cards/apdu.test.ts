import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reached } from '../../tests/support/reach';
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

  it('encodes no data as no Lc, and refuses more than 255 bytes', () => {
    expect(hex(command([0x00, 0xb0, 0x00, 0x00], new Uint8Array(), 0))).toBe('00B0000000');
    expect(hex(command([0x00, 0x20, 0x00, 0x80], new Uint8Array()))).toBe('00200080');
    expect(command([0x80, 0x2a, 0x00, 0x80], new Uint8Array(255), 0)).toHaveLength(4 + 1 + 255 + 1);
    expect(() => command([0x80, 0x2a, 0x00, 0x80], new Uint8Array(256), 0)).toThrow(
      'short APDUs carry at most 255 bytes',
    );
  });

  it('reads hex with any spacing, in either case, and refuses anything else', () => {
    expect(Array.from(fromHex('d3 92\nF0\t00  26'))).toEqual([0xd3, 0x92, 0xf0, 0x00, 0x26]);
    expect(fromHex('')).toEqual(new Uint8Array());
    expect(fromHex(' ')).toEqual(new Uint8Array());
    for (const text of ['ABC', 'GG', 'xAB', 'ABx', '0x00', 'A B C', '-1'])
      expect(() => fromHex(text), text).toThrow(`not hex: ${text}`);
  });

  it('refuses an extended-length command (Lc 00) and one shorter than its header', () => {
    expect(parseCommand(fromHex('00A4040C0000'))).toBeUndefined();
    expect(parseCommand(fromHex('00A4040C000002000A'))).toBeUndefined();
    for (const text of ['', '00', '00A4', '00A404'])
      expect(parseCommand(fromHex(text))).toBeUndefined();
    expect(parseCommand(fromHex('00A4040C'))).toEqual({
      cla: 0,
      ins: 0xa4,
      p1: 4,
      p2: 0x0c,
      data: new Uint8Array(),
      le: undefined,
    });
  });

  it('parses back every short command it encodes (cases 1-4)', () => {
    const reach = reached({ 'parsed back': 1_000, 'case 3 or 4, over 127 bytes': 200 });
    fc.assert(
      fc.property(
        fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)),
        fc.option(fc.uint8Array({ minLength: 1, maxLength: 255, size: 'max' }), { nil: undefined }),
        fc.option(fc.nat(255), { nil: undefined }),
        (header, data, le) => {
          const parsed = parseCommand(command(header, data, le));
          reach.hit('parsed back');
          if (data !== undefined && data.length > 127) reach.hit('case 3 or 4, over 127 bytes');
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
      { numRuns: 1_000 },
    );
    reach.check();
  });

  it('splits a response into data and status word, and refuses one shorter than 2 bytes', () => {
    expect(parseResponse(fromHex('30829000'))).toEqual({ data: fromHex('3082'), sw: 0x9000 });
    expect(parseResponse(fromHex('6C10'))).toEqual({ data: new Uint8Array(), sw: 0x6c10 });
    expect(parseResponse(fromHex('90'))).toBeUndefined();
  });

  it('reads back exactly what it parsed, and refuses what does not fit a short APDU', () => {
    let parsed = 0;
    let refused = 0;
    const wellFormed = fc
      .record({
        header: fc.uint8Array({ minLength: 4, maxLength: 4 }),
        data: fc.uint8Array({ minLength: 0, maxLength: 255, size: 'max' }),
        le: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
      })
      .map(({ header, data, le }) =>
        command([header[0] ?? 0, header[1] ?? 0, header[2] ?? 0, header[3] ?? 0], data, le),
      );
    fc.assert(
      fc.property(fc.oneof(wellFormed, fc.uint8Array({ maxLength: 300, size: 'max' })), (bytes) => {
        const c = parseCommand(bytes);
        if (c === undefined) {
          refused += 1;
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
    expect(refused).toBeGreaterThan(500);
  });
});
