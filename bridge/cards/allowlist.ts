import { hex, parseCommand } from './apdu';

/**
 * The one place that decides which APDUs may reach a card. Anything else, whoever asks, is
 * refused before it is sent. The card applications that hold the My Number (and the photo, and the
 * resident registry data) can never be selected through the bridge (DOMAIN.md, Card facts).
 */
export const JPKI_AP = 'D392F000260100000001';

// Maps, not object literals: a key looked up here never finds Object.prototype's members.
export const FORBIDDEN_AIDS: ReadonlyMap<string, string> = new Map([
  ['D3921000310001010408', '券面事項入力補助AP (holds the My Number)'],
  ['D3921000310001010402', '券面AP (holds the photo and the My Number)'],
  ['D3921000310001010401', '住基AP'],
  ['D3921000310001010100', 'a My Number card application outside the JPKI AP'],
]);

/** EFs of the JPKI AP the bridge may select: auth certificate, its CA, auth key, auth PIN, token info. */
export const ALLOWED_EFS: ReadonlyMap<string, string> = new Map([
  ['000A', 'auth certificate'],
  ['000B', 'auth CA certificate'],
  ['0017', 'auth private key'],
  ['0018', 'auth PIN'],
  ['0006', 'token info'],
]);

export type ApduVerdict = { allowed: true; kind: AllowedKind } | { allowed: false; reason: string };

export type AllowedKind =
  | 'SELECT_JPKI_AP'
  | 'SELECT_EF'
  | 'READ_BINARY'
  | 'GET_RESPONSE'
  | 'VERIFY_AUTH_PIN'
  | 'PIN_TRIES_LEFT'
  | 'SIGN_WITH_AUTH_KEY'
  | 'GET_UID';

/** SHA-256 DigestInfo prefix (RFC 8017 §9.2): the only thing the auth key may sign. */
export const SHA256_DIGEST_INFO_PREFIX = '3031300D060960864801650304020105000420';

/** A stateless check of one command's bytes. */
export function classifyApdu(bytes: Uint8Array): ApduVerdict {
  const c = parseCommand(bytes);
  if (c === undefined) return { allowed: false, reason: 'malformed APDU' };
  const data = hex(c.data);
  const is = (cla: number, ins: number, p1: number, p2: number) =>
    c.cla === cla && c.ins === ins && c.p1 === p1 && c.p2 === p2;

  if (c.ins === 0xa4) {
    if (c.p1 === 0x04) {
      const forbidden = FORBIDDEN_AIDS.get(data);
      if (forbidden !== undefined)
        return { allowed: false, reason: `selecting ${forbidden} is never allowed` };
      if (is(0x00, 0xa4, 0x04, 0x0c) && data === JPKI_AP && c.le === undefined) {
        return { allowed: true, kind: 'SELECT_JPKI_AP' };
      }
      return { allowed: false, reason: `selecting application ${data || '(none)'} is not allowed` };
    }
    if (is(0x00, 0xa4, 0x02, 0x0c) && c.data.length === 2 && c.le === undefined) {
      if (ALLOWED_EFS.has(data)) return { allowed: true, kind: 'SELECT_EF' };
      return { allowed: false, reason: `selecting EF ${data} is not allowed` };
    }
    return {
      allowed: false,
      reason: 'only SELECT of the JPKI AP by name, or of an allowed EF by id, is allowed',
    };
  }
  // READ BINARY with a 15-bit offset (P1 bit 8 clear): never by short EF id, which would reach
  // files the bridge did not select.
  if (
    c.cla === 0x00 &&
    c.ins === 0xb0 &&
    (c.p1 & 0x80) === 0 &&
    c.data.length === 0 &&
    c.le !== undefined
  ) {
    return { allowed: true, kind: 'READ_BINARY' };
  }
  if (is(0x00, 0xc0, 0x00, 0x00) && c.data.length === 0 && c.le !== undefined) {
    return { allowed: true, kind: 'GET_RESPONSE' };
  }
  if (is(0x00, 0x20, 0x00, 0x80)) {
    if (c.data.length === 0 && c.le === undefined) return { allowed: true, kind: 'PIN_TRIES_LEFT' };
    if (
      c.data.length === 4 &&
      c.le === undefined &&
      Array.from(c.data).every((b) => b >= 0x30 && b <= 0x39)
    ) {
      return { allowed: true, kind: 'VERIFY_AUTH_PIN' };
    }
    return { allowed: false, reason: 'VERIFY takes exactly 4 ASCII digits' };
  }
  if (
    is(0x80, 0x2a, 0x00, 0x80) &&
    c.data.length === 51 &&
    data.startsWith(SHA256_DIGEST_INFO_PREFIX) &&
    c.le === 0
  ) {
    return { allowed: true, kind: 'SIGN_WITH_AUTH_KEY' };
  }
  if (is(0xff, 0xca, 0x00, 0x00) && c.data.length === 0 && c.le === 0)
    return { allowed: true, kind: 'GET_UID' };
  return { allowed: false, reason: `command ${hex(bytes.slice(0, 4))} is not on the allowlist` };
}

/**
 * The stateful guard one card session goes through: on top of the allowlist, reading, PIN and
 * signing need the JPKI AP and the right EF to have been selected in this session, so no command
 * can act on a file the bridge did not choose.
 */
export class ApduGuard {
  private jpkiSelected = false;
  private selectedEf: string | undefined;

  check(bytes: Uint8Array): ApduVerdict {
    const verdict = classifyApdu(bytes);
    if (!verdict.allowed) return verdict;
    switch (verdict.kind) {
      case 'SELECT_JPKI_AP':
        this.jpkiSelected = true;
        this.selectedEf = undefined;
        return verdict;
      case 'SELECT_EF':
        if (!this.jpkiSelected)
          return { allowed: false, reason: 'select the JPKI AP before its EFs' };
        this.selectedEf = hex(bytes.slice(5, 7));
        return verdict;
      case 'READ_BINARY':
        return this.selectedEf === '000A' ||
          this.selectedEf === '000B' ||
          this.selectedEf === '0006'
          ? verdict
          : {
              allowed: false,
              reason: 'READ BINARY only on a selected certificate or token-info EF',
            };
      case 'VERIFY_AUTH_PIN':
      case 'PIN_TRIES_LEFT':
        return this.selectedEf === '0018'
          ? verdict
          : { allowed: false, reason: 'VERIFY only on the auth PIN (EF 0018)' };
      case 'SIGN_WITH_AUTH_KEY':
        return this.selectedEf === '0017'
          ? verdict
          : { allowed: false, reason: 'signing only with the auth key (EF 0017)' };
      case 'GET_RESPONSE':
      case 'GET_UID':
        return verdict;
    }
  }

  /** A card reset or reconnect forgets what was selected. */
  reset(): void {
    this.jpkiSelected = false;
    this.selectedEf = undefined;
  }
}
