import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normaliseMyKeyIdInput,
  parseAuthCertificateCn,
  parseMyKeyId,
  parseTypedMyKeyId,
} from './mykey-id';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('');
const validId = fc
  .array(fc.constantFrom(...ALNUM), { minLength: 14, maxLength: 14 })
  .map((c) => c.join(''));
const toFullWidth = (s: string) =>
  Array.from(s, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');

describe('My Key ID rules', () => {
  it('accepts the source’s example 1C2410DF79DGEL', () => {
    expect(parseMyKeyId('1C2410DF79DGEL')).toEqual({ ok: true, myKeyId: '1C2410DF79DGEL' });
  });

  it('accepts every 14-character string of A-Z and 0-9', () => {
    fc.assert(fc.property(validId, (id) => parseMyKeyId(id).ok));
  });

  it('names the first character outside A-Z0-9 and its position', () => {
    expect(parseMyKeyId('ABCDEFG-IJKLMN')).toEqual({
      ok: false,
      problem: { kind: 'INVALID_CHARACTER', character: '-', position: 7 },
    });
  });

  it('tells too short from too long from empty', () => {
    expect(parseMyKeyId('')).toEqual({ ok: false, problem: { kind: 'EMPTY' } });
    expect(parseMyKeyId('ABC')).toEqual({ ok: false, problem: { kind: 'TOO_SHORT', length: 3 } });
    expect(parseMyKeyId('A'.repeat(15))).toEqual({
      ok: false,
      problem: { kind: 'TOO_LONG', length: 15 },
    });
  });

  it('rejects any string of another length', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ALNUM), { maxLength: 40 }).filter((a) => a.length !== 14),
        (chars) => !parseMyKeyId(chars.join('')).ok,
      ),
    );
  });

  it('turns full-width and lower-case kiosk input into the canonical ID', () => {
    expect(parseTypedMyKeyId('１ｃ２４１０ｄｆ７９ｄｇｅｌ')).toEqual({
      ok: true,
      myKeyId: '1C2410DF79DGEL',
    });
    expect(parseTypedMyKeyId('1c24 10df　79dgel')).toEqual({ ok: true, myKeyId: '1C2410DF79DGEL' });
    fc.assert(
      fc.property(validId, (id) => {
        const typed = parseTypedMyKeyId(toFullWidth(id.toLowerCase()));
        return typed.ok && typed.myKeyId === id;
      }),
    );
  });

  it('normalisation is idempotent and never lets a non-ASCII character through', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (input) => {
        const once = normaliseMyKeyIdInput(input);
        expect(normaliseMyKeyIdInput(once)).toBe(once);
        const result = parseMyKeyId(once);
        if (result.ok) expect(result.myKeyId).toMatch(/^[A-Z0-9]{14}$/);
      }),
    );
  });

  it('normalisation is stable on inputs that once needed a second pass', () => {
    for (const tricky of ['Ϋ̀', 'ᾀ￣', 'ﬁ１２']) {
      const once = normaliseMyKeyIdInput(tricky);
      expect(normaliseMyKeyIdInput(once)).toBe(once);
    }
  });

  it('reports a kana typed by mistake rather than dropping it', () => {
    const result = parseTypedMyKeyId('ABCDEFGHIJKLMあ');
    expect(result).toEqual({
      ok: false,
      problem: { kind: 'INVALID_CHARACTER', character: 'あ', position: 13 },
    });
  });
});

describe('auth certificate CN', () => {
  it('splits a published test card’s CN into default ID and issuing-desk code', () => {
    expect(parseAuthCertificateCn('997794E9AGCIEG13221003A')).toEqual({
      ok: true,
      cn: { myKeyId: '997794E9AGCIEG', issuingDeskCode: '13221003A' },
    });
  });

  it('refuses CNs that are not 14 + 9 characters of A-Z0-9', () => {
    expect(parseAuthCertificateCn('997794E9AGCIEG13221003')).toEqual({
      ok: false,
      reason: 'WRONG_LENGTH',
    });
    expect(parseAuthCertificateCn('997794e9agcieg13221003a')).toEqual({
      ok: false,
      reason: 'INVALID_CHARACTER',
    });
  });

  it('round-trips: any 14 + 9 split gives back its parts', () => {
    fc.assert(
      fc.property(validId, validId, (id, other) => {
        const desk = other.slice(0, 9);
        const parsed = parseAuthCertificateCn(id + desk);
        return parsed.ok && parsed.cn.myKeyId === id && parsed.cn.issuingDeskCode === desk;
      }),
    );
  });
});
