import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reached } from '../../tests/support/reach';
import { type AllowedKind, ApduGuard, classifyApdu, FORBIDDEN_AIDS, JPKI_AP } from './allowlist';
import { command, fromHex, hex } from './apdu';
import {
  GET_UID,
  getResponse,
  readBinary,
  SELECT_JPKI_AP,
  selectEf,
  signSha256,
  verifyAuthPin,
} from './jpki-commands';

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
/**
 * Each allowed kind's header as DOMAIN.md (Card facts) publishes it: CLA, INS, P1, P2. READ
 * BINARY's P1 P2 is a 15-bit offset (P1 below 0x80), so only its CLA and INS are fixed.
 */
const PUBLISHED_HEADERS: Record<
  AllowedKind,
  [number, number, number | 'offset', number | 'offset']
> = {
  SELECT_JPKI_AP: [0x00, 0xa4, 0x04, 0x0c],
  SELECT_EF: [0x00, 0xa4, 0x02, 0x0c],
  READ_BINARY: [0x00, 0xb0, 'offset', 'offset'],
  GET_RESPONSE: [0x00, 0xc0, 0x00, 0x00],
  VERIFY_AUTH_PIN: [0x00, 0x20, 0x00, 0x80],
  PIN_TRIES_LEFT: [0x00, 0x20, 0x00, 0x80],
  SIGN_WITH_AUTH_KEY: [0x80, 0x2a, 0x00, 0x80],
  GET_UID: [0xff, 0xca, 0x00, 0x00],
};
/** Whether an allowed command has the published header of the kind the allowlist named. */
const hasPublishedHeader = (bytes: Uint8Array, kind: AllowedKind) => {
  const [cla, ins, p1, p2] = PUBLISHED_HEADERS[kind];
  if (bytes[0] !== cla || bytes[1] !== ins) return false;
  if (p1 === 'offset') return ((bytes[2] ?? 0xff) & 0x80) === 0;
  return bytes[2] === p1 && bytes[3] === p2;
};
/** Every command the bridge sends, with the kind the allowlist must give it. */
const BRIDGE_COMMANDS: [string, Uint8Array, AllowedKind][] = [
  ['SELECT JPKI AP', SELECT_JPKI_AP, 'SELECT_JPKI_AP'],
  ...PUBLISHED_ALLOWED_EFS.map((ef): [string, Uint8Array, AllowedKind] => [
    `SELECT EF ${ef}`,
    selectEf(ef),
    'SELECT_EF',
  ]),
  ['READ BINARY', readBinary(0x0100, 0), 'READ_BINARY'],
  ['GET RESPONSE', getResponse(0x20), 'GET_RESPONSE'],
  ['VERIFY 1234', verifyAuthPin('1234'), 'VERIFY_AUTH_PIN'],
  ['VERIFY (tries left)', verifyAuthPin(), 'PIN_TRIES_LEFT'],
  ['SIGN', signSha256(fromHex('AB'.repeat(32))), 'SIGN_WITH_AUTH_KEY'],
  ['GET UID', GET_UID, 'GET_UID'],
];

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
      fc.uint8Array({ minLength: 1, maxLength: 4, size: 'max' }),
    )
    .map(([aid, extra]) => Uint8Array.from([...fromHex(aid), ...extra])),
  fc.constantFrom(...PUBLISHED_ALLOWED_EFS, '0001', '0002', '3F00', '0000', 'FFFF').map(fromHex),
  // By path from the MF (P1 08/09) to each application's files.
  fc
    .constantFrom(...PUBLISHED_FORBIDDEN_AIDS, PUBLISHED_JPKI_AP)
    .map((aid) => fromHex(`3F00${aid.slice(-8)}`)),
  fc.uint8Array({ minLength: 1, maxLength: 20, size: 'max' }),
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
      pin: fc.oneof(fc.stringMatching(/^\d{4}$/), fc.string({ maxLength: 8, size: 'max' })),
    })
    .map(({ p2, pin }) => ({
      kind: 'verify',
      bytes: build([0x00, 0x20, 0x00, p2], new TextEncoder().encode(pin), undefined, false),
    })),
  fc
    .record({
      digest: fc.oneof(
        fc.constant(digestInfo),
        fc.uint8Array({ minLength: 1, maxLength: 60, size: 'max' }),
      ),
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
  fc
    .uint8Array({ minLength: 4, maxLength: 40, size: 'max' })
    .map((bytes) => ({ kind: 'other', bytes })),
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
        if (verdict.allowed) {
          count(`allowed ${verdict.kind}`);
          expect(hasPublishedHeader(bytes, verdict.kind), `${verdict.kind} ${hex(bytes)}`).toBe(
            true,
          );
        }
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
    expect(tried.get('allowed SIGN_WITH_AUTH_KEY') ?? 0).toBeGreaterThan(20);
  });

  it('gives every command the bridge sends its kind, and refuses it with any header byte changed but to another published form', () => {
    const reach = reached({ 'changed header checked': 8_000, 'changed INS checked': 3_000 });
    for (const [name, bytes, kind] of BRIDGE_COMMANDS) {
      expect(classifyApdu(bytes), name).toEqual({ allowed: true, kind });
      for (let at = 0; at < 4; at += 1) {
        for (let value = 0; value < 256; value += 1) {
          if (value === bytes[at]) continue;
          const changed = Uint8Array.from(bytes);
          changed[at] = value;
          const verdict = classifyApdu(changed);
          reach.hit('changed header checked');
          if (at === 1) reach.hit('changed INS checked');
          // Changing a byte may only ever give another command of a published form (READ BINARY
          // at another offset, or GET RESPONSE read as a READ BINARY of the same Le).
          if (verdict.allowed)
            expect(hasPublishedHeader(changed, verdict.kind), `${name}: ${hex(changed)}`).toBe(
              true,
            );
        }
      }
    }
    reach.check();
  });

  it('names why it refused', () => {
    expect(classifyApdu(fromHex('00A404'))).toEqual({ allowed: false, reason: 'malformed APDU' });
    for (const aid of PUBLISHED_FORBIDDEN_AIDS) {
      const name = FORBIDDEN_AIDS.get(aid) ?? '';
      expect(name.length, aid).toBeGreaterThan(2);
      expect(classifyApdu(selectAid(aid))).toEqual({
        allowed: false,
        reason: `selecting ${name} is never allowed`,
      });
    }
    expect(classifyApdu(selectAid('D392F000260100000002'))).toEqual({
      allowed: false,
      reason: 'selecting application D392F000260100000002 is not allowed',
    });
    expect(classifyApdu(command([0x00, 0xa4, 0x04, 0x0c]))).toEqual({
      allowed: false,
      reason: 'selecting application (none) is not allowed',
    });
    expect(classifyApdu(selectEf('0001'))).toEqual({
      allowed: false,
      reason: 'selecting EF 0001 is not allowed',
    });
    expect(classifyApdu(command([0x00, 0xa4, 0x08, 0x0c], fromHex('3F00000A')))).toEqual({
      allowed: false,
      reason: 'only SELECT of the JPKI AP by name, or of an allowed EF by id, is allowed',
    });
    expect(classifyApdu(command([0x00, 0x20, 0x00, 0x80], fromHex('31')))).toEqual({
      allowed: false,
      reason: 'VERIFY takes exactly 4 ASCII digits',
    });
    expect(classifyApdu(command([0x00, 0xd6, 0x00, 0x00], fromHex('0000')))).toEqual({
      allowed: false,
      reason: 'command 00D60000 is not on the allowlist',
    });
  });

  it('allows only the JPKI EFs the bridge needs, not the signing certificate', () => {
    expect(classifyApdu(selectEf('000A')).allowed).toBe(true);
    expect(classifyApdu(selectEf('0018')).allowed).toBe(true);
    for (const ef of PUBLISHED_ALLOWED_EFS)
      expect(classifyApdu(selectEf(ef)), ef).toEqual({ allowed: true, kind: 'SELECT_EF' });
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
    // With an Le, neither form is the VERIFY the card expects.
    expect(classifyApdu(command([0x00, 0x20, 0x00, 0x80], undefined, 0)).allowed).toBe(false);
    expect(classifyApdu(command([0x00, 0x20, 0x00, 0x80], fromHex('31323334'), 0)).allowed).toBe(
      false,
    );
  });

  it('takes as a PIN digit exactly the bytes 0x30 to 0x39, in every position', () => {
    const reach = reached({ 'byte checked': 1_024, 'digit allowed': 40 });
    for (let at = 0; at < 4; at += 1) {
      for (let byte = 0; byte < 256; byte += 1) {
        const pin = fromHex('35353535');
        pin[at] = byte;
        reach.hit('byte checked');
        const digit = byte >= 0x30 && byte <= 0x39;
        if (digit) reach.hit('digit allowed');
        expect(classifyApdu(command([0x00, 0x20, 0x00, 0x80], pin)), hex(pin)).toEqual(
          digit
            ? { allowed: true, kind: 'VERIFY_AUTH_PIN' }
            : { allowed: false, reason: 'VERIFY takes exactly 4 ASCII digits' },
        );
      }
    }
    reach.check();
  });

  it('signs only a SHA-256 DigestInfo', () => {
    expect(classifyApdu(command([0x80, 0x2a, 0x00, 0x80], digestInfo, 0)).allowed).toBe(true);
    expect(
      classifyApdu(command([0x80, 0x2a, 0x00, 0x80], fromHex('AB'.repeat(51)), 0)).allowed,
    ).toBe(false);
    // The DigestInfo of exactly one SHA-256 digest: not a longer or shorter one.
    for (const digestBytes of [31, 33, 64]) {
      const data = Uint8Array.from([...digestInfo.slice(0, 19), ...new Uint8Array(digestBytes)]);
      expect(
        classifyApdu(command([0x80, 0x2a, 0x00, 0x80], data, 0)).allowed,
        `${digestBytes} bytes`,
      ).toBe(false);
    }
    // With Le 00 (the 256-byte signature), and under the published header only.
    expect(classifyApdu(command([0x80, 0x2a, 0x00, 0x80], digestInfo)).allowed).toBe(false);
    expect(classifyApdu(command([0x80, 0x2a, 0x00, 0x80], digestInfo, 0x80)).allowed).toBe(false);
    expect(classifyApdu(command([0x00, 0x2a, 0x00, 0x80], digestInfo, 0)).allowed).toBe(false);
    expect(classifyApdu(command([0x80, 0x2a, 0x9e, 0x9a], digestInfo, 0)).allowed).toBe(false);
    expect(classifyApdu(command([0x80, 0x2b, 0x00, 0x80], digestInfo, 0)).allowed).toBe(false);
  });

  it('allows READ BINARY and GET RESPONSE only with an Le and no data, under their own CLA and INS', () => {
    expect(classifyApdu(command([0x00, 0xb0, 0x00, 0x00], undefined, 0))).toEqual({
      allowed: true,
      kind: 'READ_BINARY',
    });
    expect(classifyApdu(command([0x00, 0xb0, 0x00, 0x00])).allowed).toBe(false);
    expect(classifyApdu(command([0x00, 0xb0, 0x00, 0x00], fromHex('0000'), 0)).allowed).toBe(false);
    expect(classifyApdu(command([0x80, 0xb0, 0x00, 0x00], undefined, 0)).allowed).toBe(false);
    expect(classifyApdu(command([0x00, 0xb1, 0x00, 0x00], undefined, 0)).allowed).toBe(false);
    expect(classifyApdu(command([0x00, 0xd6, 0x00, 0x00], undefined, 0)).allowed).toBe(false);
    expect(classifyApdu(getResponse(0x20))).toEqual({ allowed: true, kind: 'GET_RESPONSE' });
    expect(classifyApdu(command([0x00, 0xc0, 0x00, 0x00])).allowed).toBe(false);
    expect(classifyApdu(command([0x00, 0xc0, 0x00, 0x00], fromHex('00'), 0)).allowed).toBe(false);
  });

  it('allows the reader’s GET UID in its one form', () => {
    expect(classifyApdu(GET_UID)).toEqual({ allowed: true, kind: 'GET_UID' });
    expect(classifyApdu(command([0xff, 0xca, 0x00, 0x00])).allowed).toBe(false);
    expect(classifyApdu(command([0xff, 0xca, 0x00, 0x00], undefined, 4)).allowed).toBe(false);
    expect(classifyApdu(command([0xff, 0xca, 0x00, 0x00], fromHex('00'), 0)).allowed).toBe(false);
    expect(classifyApdu(command([0xff, 0xca, 0x01, 0x00], undefined, 0)).allowed).toBe(false);
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

  it('reads only the certificate, CA and token-info EFs', () => {
    const read = readBinary(0, 0);
    for (const ef of PUBLISHED_ALLOWED_EFS) {
      const guard = new ApduGuard();
      guard.check(SELECT_JPKI_AP);
      expect(guard.check(selectEf(ef)).allowed, ef).toBe(true);
      expect(guard.check(read), ef).toEqual(
        ['000A', '000B', '0006'].includes(ef)
          ? { allowed: true, kind: 'READ_BINARY' }
          : {
              allowed: false,
              reason: 'READ BINARY only on a selected certificate or token-info EF',
            },
      );
    }
  });

  it('refuses what the allowlist refuses, whatever was selected before', () => {
    const guard = new ApduGuard();
    expect(guard.check(SELECT_JPKI_AP).allowed).toBe(true);
    expect(guard.check(selectEf('000A')).allowed).toBe(true);
    for (const refused of [
      selectAid('D3921000310001010408'),
      selectEf('0001'),
      command([0x00, 0xb0, 0x8a, 0x00], undefined, 0),
      fromHex('00A4'),
    ])
      expect(guard.check(refused), hex(refused)).toEqual(classifyApdu(refused));
    // The refused commands changed nothing: the certificate EF is still the one selected.
    expect(guard.check(readBinary(0, 0)).allowed).toBe(true);
  });

  it('says why it refused a command out of order', () => {
    const guard = new ApduGuard();
    expect(guard.check(selectEf('000A'))).toEqual({
      allowed: false,
      reason: 'select the JPKI AP before its EFs',
    });
    guard.check(SELECT_JPKI_AP);
    expect(guard.check(verifyAuthPin('1234'))).toEqual({
      allowed: false,
      reason: 'VERIFY only on the auth PIN (EF 0018)',
    });
    expect(guard.check(verifyAuthPin())).toEqual({
      allowed: false,
      reason: 'VERIFY only on the auth PIN (EF 0018)',
    });
    expect(guard.check(signSha256(fromHex('AB'.repeat(32))))).toEqual({
      allowed: false,
      reason: 'signing only with the auth key (EF 0017)',
    });
  });

  it('lets the reader’s GET UID and GET RESPONSE through in any state', () => {
    const guard = new ApduGuard();
    expect(guard.check(GET_UID)).toEqual({ allowed: true, kind: 'GET_UID' });
    expect(guard.check(getResponse(0x10))).toEqual({ allowed: true, kind: 'GET_RESPONSE' });
    guard.check(SELECT_JPKI_AP);
    guard.check(selectEf('0017'));
    expect(guard.check(GET_UID)).toEqual({ allowed: true, kind: 'GET_UID' });
  });

  it('forgets the JPKI AP on reset: its EFs need it selected again', () => {
    const guard = new ApduGuard();
    guard.check(SELECT_JPKI_AP);
    guard.check(selectEf('000A'));
    guard.reset();
    expect(guard.check(readBinary(0, 0)).allowed).toBe(false);
    expect(guard.check(selectEf('000A'))).toEqual({
      allowed: false,
      reason: 'select the JPKI AP before its EFs',
    });
    expect(guard.check(SELECT_JPKI_AP).allowed).toBe(true);
    expect(guard.check(selectEf('000A')).allowed).toBe(true);
  });

  it('selecting the JPKI AP again forgets the EF', () => {
    const guard = new ApduGuard();
    guard.check(SELECT_JPKI_AP);
    guard.check(selectEf('000A'));
    guard.check(SELECT_JPKI_AP);
    expect(guard.check(readBinary(0, 0)).allowed).toBe(false);
  });
});
