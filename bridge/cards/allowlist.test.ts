import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApduGuard, classifyApdu, FORBIDDEN_AIDS, JPKI_AP } from './allowlist';
import { command, fromHex, hex } from './apdu';
import { readBinary, SELECT_JPKI_AP, selectEf, signSha256, verifyAuthPin } from './jpki-commands';

const digestInfo = fromHex(`3031300D060960864801650304020105000420${'AB'.repeat(32)}`);

/**
 * From the published descriptions of the card, not from the code under test: OpenSC
 * `src/libopensc/card-jpki.c` (JPKI AP `D3 92 F0 00 26 01 00 00 00 01`, EFs 000A/000B/0017/0018/
 * 0006) and the `myna` tools' list of the card's other applications (券面事項入力補助AP ...0408,
 * 券面AP ...0402, 住基AP ...0401), as DOMAIN.md (Card facts) records them.
 */
const PUBLISHED_FORBIDDEN_AIDS = [
  'D3921000310001010408',
  'D3921000310001010402',
  'D3921000310001010401',
  'D3921000310001010100',
];
const PUBLISHED_JPKI_AP = 'D392F000260100000001';
const PUBLISHED_ALLOWED_EFS = ['000A', '000B', '0017', '0018', '0006'];
const JPKI_AP_BYTES = Array.from(fromHex(PUBLISHED_JPKI_AP));

const bytesEqual = (bytes: Uint8Array, expected: number[]) =>
  bytes.length === expected.length && expected.every((b, i) => bytes[i] === b);
/** Whether `data` holds, anywhere, at least the first 5 bytes of `aid` (RID + PIX start). */
const containsPrefixOf = (data: Uint8Array, aid: string) => {
  const text = hex(data);
  for (let length = aid.length; length >= 10; length -= 2)
    if (text.includes(aid.slice(0, length))) return true;
  return false;
};

/** The data a SELECT might carry: the interesting names and ids, and their near misses. */
const selectDataArb = fc.oneof(
  fc.constantFrom(...PUBLISHED_FORBIDDEN_AIDS, PUBLISHED_JPKI_AP).map(fromHex),
  fc
    .tuple(
      fc.constantFrom(...PUBLISHED_FORBIDDEN_AIDS, PUBLISHED_JPKI_AP),
      fc.integer({ min: 5, max: 9 }),
    )
    .map(([aid, bytes]) => fromHex(aid.slice(0, bytes * 2))),
  fc
    .tuple(
      fc.constantFrom(...PUBLISHED_FORBIDDEN_AIDS, PUBLISHED_JPKI_AP),
      fc.uint8Array({ minLength: 1, maxLength: 4 }),
    )
    .map(([aid, extra]) => Uint8Array.from([...fromHex(aid), ...extra])),
  fc.constantFrom(...PUBLISHED_ALLOWED_EFS, '0001', '0002', '3F00', '0000', 'FFFF').map(fromHex),
  // By path from the MF (P1 08/09) to each application's files.
  fc
    .constantFrom(...PUBLISHED_FORBIDDEN_AIDS, PUBLISHED_JPKI_AP)
    .map((aid) => fromHex(`3F00${aid.slice(-8)}`)),
  fc.uint8Array({ minLength: 1, maxLength: 20 }),
);

const COMMAND_KINDS = [
  'select',
  'select-extended',
  'read',
  'verify',
  'sign',
  'bridge-form',
  'other',
] as const;

/** Builds a command in short form, or extended form (Lc = 00 hi lo), with or without Le. */
function build(header: number[], data: Uint8Array, le: number | undefined, extended: boolean) {
  const body =
    data.length === 0
      ? []
      : extended
        ? [0x00, data.length >> 8, data.length & 0xff, ...data]
        : [data.length, ...data];
  const tail = le === undefined ? [] : extended ? [le >> 8, le & 0xff] : [le & 0xff];
  return Uint8Array.from([...header, ...body, ...tail]);
}

const claArb = fc.constantFrom(
  0x00,
  0x00,
  0x80,
  0x10 /* chained */,
  0x0c /* secure messaging */,
  0xff,
);
const leArb = fc.option(fc.constantFrom(0x00, 0x01, 0xff), { nil: undefined });
const commandArb = fc.oneof(
  fc
    .record({
      cla: claArb,
      p1: fc.constantFrom(0x00, 0x01, 0x02, 0x03, 0x04, 0x04, 0x08, 0x09),
      p2: fc.constantFrom(0x00, 0x04, 0x0c, 0x0c, 0x02),
      data: selectDataArb,
      le: leArb,
    })
    .map(({ cla, p1, p2, data, le }) => ({
      kind: 'select',
      bytes: build([cla, 0xa4, p1, p2], data, le, false),
    })),
  fc
    .record({ p1: fc.constantFrom(0x02, 0x04), data: selectDataArb, le: leArb })
    .map(({ p1, data, le }) => ({
      kind: 'select-extended',
      bytes: build([0x00, 0xa4, p1, 0x0c], data, le, true),
    })),
  fc
    .record({
      cla: claArb,
      p1: fc.integer({ min: 0, max: 255 }),
      p2: fc.integer({ min: 0, max: 255 }),
      le: leArb,
    })
    .map(({ cla, p1, p2, le }) => ({
      kind: 'read',
      bytes: build([cla, 0xb0, p1, p2], new Uint8Array(), le ?? 0, false),
    })),
  fc
    .record({
      p2: fc.constantFrom(0x80, 0x80, 0x81, 0x00),
      pin: fc.oneof(fc.stringMatching(/^\d{4}$/), fc.string({ maxLength: 8 })),
    })
    .map(({ p2, pin }) => ({
      kind: 'verify',
      bytes: build([0x00, 0x20, 0x00, p2], new TextEncoder().encode(pin), undefined, false),
    })),
  fc
    .record({
      digest: fc.oneof(fc.constant(digestInfo), fc.uint8Array({ minLength: 1, maxLength: 60 })),
    })
    .map(({ digest }) => ({
      kind: 'sign',
      bytes: build([0x80, 0x2a, 0x00, 0x80], digest, 0, false),
    })),
  // The exact commands the bridge sends, as they are or with one byte changed or one added.
  fc
    .record({
      base: fc.constantFrom(
        SELECT_JPKI_AP,
        ...PUBLISHED_ALLOWED_EFS.map(selectEf),
        readBinary(0, 0),
        verifyAuthPin('1234'),
        signSha256(fromHex('AB'.repeat(32))),
      ),
      change: fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
        freq: 2,
        nil: undefined,
      }),
      append: fc.boolean(),
    })
    .map(({ base, change, append }) => {
      const bytes = Uint8Array.from([...base, ...(append ? [0x00] : [])]);
      if (change !== undefined) bytes[change[0] % bytes.length] = change[1];
      return { kind: 'bridge-form', bytes };
    }),
  fc.uint8Array({ minLength: 4, maxLength: 40 }).map((bytes) => ({ kind: 'other', bytes })),
);

const selectAid = (aid: string, p2 = 0x0c) => command([0x00, 0xa4, 0x04, p2], fromHex(aid));

describe('the APDU allowlist', () => {
  it('allows selecting the JPKI AP by name', () => {
    expect(classifyApdu(selectAid(JPKI_AP))).toEqual({ allowed: true, kind: 'SELECT_JPKI_AP' });
  });

  it('the code forbids at least every My Number AID the published documentation names', () => {
    for (const aid of PUBLISHED_FORBIDDEN_AIDS) expect(FORBIDDEN_AIDS.has(aid), aid).toBe(true);
    expect(JPKI_AP).toBe(PUBLISHED_JPKI_AP);
  });

  it('never allows selecting an application that holds the My Number, in any SELECT form', () => {
    for (const aid of PUBLISHED_FORBIDDEN_AIDS) {
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

  it('no command of any SELECT, READ, VERIFY or SIGN form selects or reaches anything but the JPKI AP and its allowed EFs', () => {
    const tried = new Map<string, number>();
    const count = (kind: string) => tried.set(kind, (tried.get(kind) ?? 0) + 1);
    fc.assert(
      fc.property(commandArb, ({ kind, bytes }) => {
        count(kind);
        const verdict = classifyApdu(bytes);
        const [cla, ins, p1, p2] = bytes;
        if (verdict.allowed) count(`allowed ${verdict.kind}`);
        if (ins === 0xa4 && verdict.allowed) {
          // The only SELECTs that pass are the two exact forms the bridge sends.
          const exactAp = bytesEqual(bytes, [0x00, 0xa4, 0x04, 0x0c, 0x0a, ...JPKI_AP_BYTES]);
          const exactEf =
            bytes.length === 7 &&
            cla === 0x00 &&
            p1 === 0x02 &&
            p2 === 0x0c &&
            bytes[4] === 0x02 &&
            PUBLISHED_ALLOWED_EFS.includes(hex(bytes.slice(5, 7)));
          expect(exactAp || exactEf, hex(bytes)).toBe(true);
        }
        // Whatever the form, a command that carries a My Number AID (or a prefix of one, which
        // a card may take as a partial name) is never allowed.
        if (PUBLISHED_FORBIDDEN_AIDS.some((aid) => containsPrefixOf(bytes.slice(5), aid)))
          expect(verdict.allowed, hex(bytes)).toBe(false);
        if (ins === 0xb0 && verdict.allowed) expect(p1 !== undefined && p1 & 0x80).toBe(0);
      }),
      { numRuns: 20_000 },
    );
    // Not vacuous: each kind of command was tried many times, and the allowed forms did pass.
    for (const kind of COMMAND_KINDS) expect(tried.get(kind) ?? 0, kind).toBeGreaterThan(500);
    for (const kind of ['SELECT_JPKI_AP', 'SELECT_EF', 'READ_BINARY', 'VERIFY_AUTH_PIN'])
      expect(tried.get(`allowed ${kind}`) ?? 0, kind).toBeGreaterThan(50);
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
