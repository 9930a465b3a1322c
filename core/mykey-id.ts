/**
 * My Key ID rules, kept in one place so a deployment could change them (the platform that went
 * live in 2017 used 8 characters; we implement the 2016 source's 14-character design).
 *
 * Source: 「半角英大文字A-Z、半角数字0-9の36種類、14ケタで設定願います。」 and
 * 「既定のランダム文字列(14ケタ)…受付端末識別記号(9ケタ)とあわせて一意性を担保する」.
 */
export const MY_KEY_ID_RULES = {
  length: 14,
  issuingDeskCodeLength: 9,
  alphabet: /^[A-Z0-9]$/,
} as const;

declare const myKeyIdBrand: unique symbol;
/** A My Key ID that has passed the rules; only `parseMyKeyId` makes one. */
export type MyKeyId = string & { readonly [myKeyIdBrand]: true };

export type MyKeyIdProblem =
  | { kind: 'EMPTY' }
  | { kind: 'TOO_SHORT'; length: number }
  | { kind: 'TOO_LONG'; length: number }
  | { kind: 'INVALID_CHARACTER'; character: string; position: number };

export type MyKeyIdResult = { ok: true; myKeyId: MyKeyId } | { ok: false; problem: MyKeyIdProblem };

/**
 * Turns what a citizen typed into the canonical form: a Japanese IME gives full-width letters and
 * digits (ＡＢＣ１２３) and spaces (U+3000), and people type lower case. NFKC folds full-width
 * forms to ASCII; spaces are dropped because the ID never contains one. Anything else that is not
 * A-Z or 0-9 is an error with its position, never silently removed.
 */
export function normaliseMyKeyIdInput(input: string): string {
  // One pass can enable another: upper-casing can undo NFKC (Greek with combining marks), and
  // removing a space that NFKC produced (from ￣) lets a combining mark compose. Repeat until
  // stable; real input settles in one or two passes.
  let current = input;
  for (let pass = 0; pass < 8; pass += 1) {
    const next = current.normalize('NFKC').toUpperCase().normalize('NFKC').replace(/\s+/g, '');
    if (next === current) return next;
    current = next;
  }
  return current;
}

/** Checks an already-canonical string against the rules. */
export function parseMyKeyId(candidate: string): MyKeyIdResult {
  const characters = Array.from(candidate);
  if (characters.length === 0) return { ok: false, problem: { kind: 'EMPTY' } };
  const invalidAt = characters.findIndex((c) => !MY_KEY_ID_RULES.alphabet.test(c));
  if (invalidAt >= 0) {
    const character = characters[invalidAt] ?? '';
    return { ok: false, problem: { kind: 'INVALID_CHARACTER', character, position: invalidAt } };
  }
  if (characters.length < MY_KEY_ID_RULES.length) {
    return { ok: false, problem: { kind: 'TOO_SHORT', length: characters.length } };
  }
  if (characters.length > MY_KEY_ID_RULES.length) {
    return { ok: false, problem: { kind: 'TOO_LONG', length: characters.length } };
  }
  return { ok: true, myKeyId: candidate as MyKeyId };
}

/** What a kiosk does with typed input: normalise, then check. */
export function parseTypedMyKeyId(input: string): MyKeyIdResult {
  return parseMyKeyId(normaliseMyKeyIdInput(input));
}

/** The two parts of a JPKI user-authentication certificate's subject CN. */
export interface AuthCertificateCn {
  /** 既定のランダム文字列: the default My Key ID (or, after 本登録, the citizen's custom ID). */
  myKeyId: MyKeyId;
  /** 受付端末識別記号: with the 14 characters before it, unique across Japan. */
  issuingDeskCode: string;
}

export type AuthCertificateCnResult =
  | { ok: true; cn: AuthCertificateCn }
  | { ok: false; reason: 'WRONG_LENGTH' | 'INVALID_CHARACTER' };

/** Splits a subject CN such as `997794E9AGCIEG13221003A` (a published test card). */
export function parseAuthCertificateCn(commonName: string): AuthCertificateCnResult {
  const expected = MY_KEY_ID_RULES.length + MY_KEY_ID_RULES.issuingDeskCodeLength;
  if (commonName.length !== expected) return { ok: false, reason: 'WRONG_LENGTH' };
  if (!Array.from(commonName).every((c) => MY_KEY_ID_RULES.alphabet.test(c))) {
    return { ok: false, reason: 'INVALID_CHARACTER' };
  }
  return {
    ok: true,
    cn: {
      myKeyId: commonName.slice(0, MY_KEY_ID_RULES.length) as MyKeyId,
      issuingDeskCode: commonName.slice(MY_KEY_ID_RULES.length),
    },
  };
}
