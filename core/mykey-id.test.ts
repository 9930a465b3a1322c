import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reached } from '../tests/support/reach';
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
    const reach = reached({ accepted: 500 });
    fc.assert(
      fc.property(validId, (id) => {
        reach.hit('accepted');
        expect(parseMyKeyId(id)).toEqual({ ok: true, myKeyId: id });
      }),
      { numRuns: 500 },
    );
    reach.check();
  });

  it('names the first character outside A-Z0-9 and its position', () => {
    expect(parseMyKeyId('ABCDEFG-IJKLMN')).toEqual({
      ok: false,
      problem: { kind: 'INVALID_CHARACTER', character: '-', position: 7 },
    });
  });

  it('refuses an invalid first character too (position 0)', () => {
    expect(parseMyKeyId('-BCDEFGHIJKLMN')).toEqual({
      ok: false,
      problem: { kind: 'INVALID_CHARACTER', character: '-', position: 0 },
    });
    expect(parseMyKeyId('a')).toEqual({
      ok: false,
      problem: { kind: 'INVALID_CHARACTER', character: 'a', position: 0 },
    });
  });

  it('names an invalid character at any position, the first and the last included', () => {
    const reach = reached({ 'invalid character named': 1_000, 'at position 0': 40, 'at 13': 40 });
    fc.assert(
      fc.property(
        validId,
        fc.integer({ min: 0, max: 13 }),
        fc.constantFrom('-', 'a', 'z', 'あ', ' ', '_', 'Ａ', '@', '[', '/', ':', '`', '{'),
        (id, position, character) => {
          const chars = Array.from(id);
          chars[position] = character;
          reach.hit('invalid character named');
          if (position === 0) reach.hit('at position 0');
          if (position === 13) reach.hit('at 13');
          expect(parseMyKeyId(chars.join(''))).toEqual({
            ok: false,
            problem: { kind: 'INVALID_CHARACTER', character, position },
          });
        },
      ),
      { numRuns: 1_000 },
    );
    reach.check();
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
    const reach = reached({ 'shorter refused': 300, 'longer refused': 300 });
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom(...ALNUM), { minLength: 1, maxLength: 40, size: 'max' })
          .filter((a) => a.length !== 14),
        (chars) => {
          const length = chars.length;
          reach.hit(length < 14 ? 'shorter refused' : 'longer refused');
          expect(parseMyKeyId(chars.join(''))).toEqual({
            ok: false,
            problem: { kind: length < 14 ? 'TOO_SHORT' : 'TOO_LONG', length },
          });
        },
      ),
      { numRuns: 1_000 },
    );
    reach.check();
  });

  it('turns full-width and lower-case kiosk input into the canonical ID', () => {
    expect(parseTypedMyKeyId('１ｃ２４１０ｄｆ７９ｄｇｅｌ')).toEqual({
      ok: true,
      myKeyId: '1C2410DF79DGEL',
    });
    expect(parseTypedMyKeyId('1c24 10df　79dgel')).toEqual({ ok: true, myKeyId: '1C2410DF79DGEL' });
    const reach = reached({ 'full-width read': 500 });
    fc.assert(
      fc.property(validId, (id) => {
        reach.hit('full-width read');
        expect(parseTypedMyKeyId(toFullWidth(id.toLowerCase()))).toEqual({ ok: true, myKeyId: id });
      }),
      { numRuns: 500 },
    );
    reach.check();
  });

  it('normalisation is idempotent and never lets a non-ASCII character through', () => {
    const reach = reached({ idempotent: 2_000, 'accepted, and only A-Z0-9': 300 });
    // Any text, and kiosk-like text: IDs typed full-width, lower case, with spaces, or with one
    // stray character (of any kind) put in.
    const grapheme = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 });
    const typed = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30, size: 'max' }),
      fc.tuple(validId, fc.boolean(), fc.boolean(), fc.nat(14)).map(([id, wide, lower, space]) => {
        const cased = lower ? id.toLowerCase() : id;
        const text = wide ? toFullWidth(cased) : cased;
        return `${text.slice(0, space)}${space % 2 === 0 ? ' ' : '　'}${text.slice(space)}`;
      }),
      fc
        .tuple(validId, fc.nat(14), grapheme)
        .map(([id, at, extra]) => `${id.slice(0, at)}${extra}${id.slice(at)}`),
    );
    fc.assert(
      fc.property(typed, (input) => {
        const once = normaliseMyKeyIdInput(input);
        reach.hit('idempotent');
        expect(normaliseMyKeyIdInput(once)).toBe(once);
        const result = parseMyKeyId(once);
        if (result.ok) {
          reach.hit('accepted, and only A-Z0-9');
          expect(result.myKeyId).toMatch(/^[A-Z0-9]{14}$/);
        }
      }),
      { numRuns: 2_000 },
    );
    reach.check();
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
    const reach = reached({ 'split back': 500 });
    fc.assert(
      fc.property(validId, validId, (id, other) => {
        const desk = other.slice(0, 9);
        reach.hit('split back');
        expect(parseAuthCertificateCn(id + desk)).toEqual({
          ok: true,
          cn: { myKeyId: id, issuingDeskCode: desk },
        });
      }),
      { numRuns: 500 },
    );
    reach.check();
  });
});
