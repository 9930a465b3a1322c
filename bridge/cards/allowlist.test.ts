import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApduGuard, classifyApdu, FORBIDDEN_AIDS, JPKI_AP } from './allowlist';
import { command, fromHex } from './apdu';
import { readBinary, SELECT_JPKI_AP, selectEf, signSha256, verifyAuthPin } from './jpki-commands';

const selectAid = (aid: string, p2 = 0x0c) => command([0x00, 0xa4, 0x04, p2], fromHex(aid));
const digestInfo = fromHex(`3031300D060960864801650304020105000420${'AB'.repeat(32)}`);

describe('the APDU allowlist', () => {
  it('allows selecting the JPKI AP by name', () => {
    expect(classifyApdu(selectAid(JPKI_AP))).toEqual({ allowed: true, kind: 'SELECT_JPKI_AP' });
  });

  it('never allows selecting an application that holds the My Number, in any SELECT form', () => {
    for (const aid of FORBIDDEN_AIDS.keys()) {
      for (const p2 of [0x00, 0x04, 0x0c]) {
        const verdict = classifyApdu(selectAid(aid, p2));
        expect(verdict.allowed, `${aid} P2=${p2}`).toBe(false);
      }
      expect(classifyApdu(command([0x00, 0xa4, 0x04, 0x0c], fromHex(aid), 0)).allowed).toBe(false);
    }
    expect(classifyApdu(selectAid('D3921000310001010408'))).toEqual({
      allowed: false,
      reason: 'selecting 券面事項入力補助AP (holds the My Number) is never allowed',
    });
  });

  it('no random command selects any application but the JPKI AP', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 40 }), (bytes) => {
        const verdict = classifyApdu(bytes);
        if (
          verdict.allowed &&
          (verdict.kind === 'SELECT_JPKI_AP' || verdict.kind === 'SELECT_EF')
        ) {
          expect(bytes[1]).toBe(0xa4);
          if (verdict.kind === 'SELECT_JPKI_AP')
            expect(Array.from(bytes.slice(5))).toEqual(Array.from(fromHex(JPKI_AP)));
        }
        if (bytes[1] === 0xa4 && bytes[2] === 0x04 && verdict.allowed) {
          expect(Array.from(bytes.slice(5, 15))).toEqual(Array.from(fromHex(JPKI_AP)));
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('allows only the JPKI EFs the bridge needs, not the signing certificate', () => {
    expect(classifyApdu(selectEf('000A')).allowed).toBe(true);
    expect(classifyApdu(selectEf('0018')).allowed).toBe(true);
    expect(classifyApdu(selectEf('0001')).allowed).toBe(false);
    expect(classifyApdu(selectEf('0002')).allowed).toBe(false);
  });

  it('allows VERIFY with 4 ASCII digits or none, and nothing else', () => {
    expect(classifyApdu(command([0x00, 0x20, 0x00, 0x80], fromHex('31323334'))).allowed).toBe(true);
    expect(classifyApdu(command([0x00, 0x20, 0x00, 0x80])).allowed).toBe(true);
    expect(classifyApdu(command([0x00, 0x20, 0x00, 0x80], fromHex('3132333435'))).allowed).toBe(
      false,
    );
    expect(classifyApdu(command([0x00, 0x20, 0x00, 0x80], fromHex('3132334A'))).allowed).toBe(
      false,
    );
    expect(classifyApdu(command([0x00, 0x20, 0x00, 0x81], fromHex('31323334'))).allowed).toBe(
      false,
    );
  });

  it('signs only a SHA-256 DigestInfo', () => {
    expect(classifyApdu(command([0x80, 0x2a, 0x00, 0x80], digestInfo, 0)).allowed).toBe(true);
    expect(
      classifyApdu(command([0x80, 0x2a, 0x00, 0x80], fromHex('AB'.repeat(51)), 0)).allowed,
    ).toBe(false);
  });

  it('refuses READ BINARY by short EF id and any unknown command', () => {
    expect(classifyApdu(command([0x00, 0xb0, 0x00, 0x00], undefined, 0)).allowed).toBe(true);
    expect(classifyApdu(command([0x00, 0xb0, 0x8a, 0x00], undefined, 0)).allowed).toBe(false);
    expect(classifyApdu(command([0x00, 0xd6, 0x00, 0x00], fromHex('00'))).allowed).toBe(false);
    expect(classifyApdu(fromHex('00A4')).allowed).toBe(false);
  });
});

describe('the session guard', () => {
  it('lets the certificate be read only after the JPKI AP and EF 000A were selected', () => {
    const guard = new ApduGuard();
    const read = readBinary(0, 0);
    expect(guard.check(read).allowed).toBe(false);
    expect(guard.check(selectEf('000A')).allowed).toBe(false);
    expect(guard.check(SELECT_JPKI_AP).allowed).toBe(true);
    expect(guard.check(selectEf('000A')).allowed).toBe(true);
    expect(guard.check(read).allowed).toBe(true);
  });

  it('lets the PIN be verified only on EF 0018 and the key sign only on EF 0017', () => {
    const guard = new ApduGuard();
    const verify = verifyAuthPin('1234');
    const signCmd = signSha256(fromHex('AB'.repeat(32)));
    guard.check(SELECT_JPKI_AP);
    guard.check(selectEf('000A'));
    expect(guard.check(verify).allowed).toBe(false);
    expect(guard.check(signCmd).allowed).toBe(false);
    guard.check(selectEf('0018'));
    expect(guard.check(verify).allowed).toBe(true);
    guard.check(selectEf('0017'));
    expect(guard.check(signCmd).allowed).toBe(true);
    guard.reset();
    expect(guard.check(signCmd).allowed).toBe(false);
  });
});
