import { SW_OK } from './apdu';
import { type CardChannel, CardError } from './card-channel';
import {
  getResponse,
  readBinary,
  SELECT_JPKI_AP,
  selectEf,
  signSha256,
  verifyAuthPin,
} from './jpki-commands';

export type JpkiProbe = 'JPKI' | 'NOT_JPKI';

/** A My Number card answers 9000 to the JPKI AP selection; a service card does not. */
export async function selectJpki(card: CardChannel): Promise<JpkiProbe> {
  const answer = await card.transmit(SELECT_JPKI_AP);
  return answer.sw === SW_OK ? 'JPKI' : 'NOT_JPKI';
}

/**
 * READ BINARY that follows the card's hints: 61xx means more data waits for GET RESPONSE, 6Cxx
 * means "ask again with Le = xx" (ISO 7816-4 §5.1.3).
 */
async function readChunk(card: CardChannel, offset: number, le: number): Promise<Uint8Array> {
  let answer = await card.transmit(readBinary(offset, le));
  if (answer.sw >> 8 === 0x6c) answer = await card.transmit(readBinary(offset, answer.sw & 0xff));
  const parts = [answer.data];
  while (answer.sw >> 8 === 0x61) {
    answer = await card.transmit(getResponse(answer.sw & 0xff));
    parts.push(answer.data);
  }
  if (answer.sw !== SW_OK)
    throw new CardError('CARD_ERROR', `READ BINARY answered ${answer.sw.toString(16)}`);
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The full length of a DER SEQUENCE from its first bytes, or undefined if they are not one. */
export function derLength(head: Uint8Array): number | undefined {
  if (head[0] !== 0x30 || head.length < 2) return undefined;
  const first = head[1] ?? 0;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 3 || head.length < 2 + count) return undefined;
  let length = 0;
  for (let i = 0; i < count; i += 1) length = (length << 8) | (head[2 + i] ?? 0);
  return 2 + count + length;
}

/**
 * Reads a certificate EF with the fewest APDUs the card allows: the first READ BINARY asks for a
 * full 256 bytes, which carries the DER header and so the total length; the rest follows in 256-byte
 * chunks. A certificate that ends early or is longer than the EF could hold is an error, never a
 * partial certificate.
 */
export async function readCertificateEf(
  card: CardChannel,
  fid: '000A' | '000B',
): Promise<Uint8Array> {
  const selected = await card.transmit(selectEf(fid));
  if (selected.sw !== SW_OK) throw new CardError('CARD_ERROR', `EF ${fid} could not be selected`);
  const first = await readChunk(card, 0, 0);
  const total = derLength(first);
  if (total === undefined || total > 0x7fff)
    throw new CardError('CARD_ERROR', `EF ${fid} does not hold a DER certificate`);
  const parts = [first.slice(0, total)];
  let have = Math.min(first.length, total);
  while (have < total) {
    const chunk = await readChunk(card, have, Math.min(256, total - have));
    if (chunk.length === 0)
      throw new CardError('CARD_ERROR', `EF ${fid} ended at ${have} of ${total} bytes`);
    parts.push(chunk.slice(0, total - have));
    have += chunk.length;
  }
  return concat(parts);
}

/** The auth certificate (EF 000A) of a My Number card; no PIN needed. */
export async function readAuthCertificate(card: CardChannel): Promise<Uint8Array> {
  await requireJpki(card);
  return readCertificateEf(card, '000A');
}

async function requireJpki(card: CardChannel): Promise<void> {
  if ((await selectJpki(card)) !== 'JPKI')
    throw new CardError('NOT_A_MYNUMBER_CARD', 'the JPKI AP did not answer');
}

async function selectPinEf(card: CardChannel): Promise<void> {
  const selected = await card.transmit(selectEf('0018'));
  if (selected.sw !== SW_OK) throw new CardError('CARD_ERROR', 'EF 0018 could not be selected');
}

/** 63Cx: x tries left; 6983: the PIN is blocked. Anything else the card said is an error. */
function triesFrom(sw: number): number | undefined {
  if ((sw & 0xfff0) === 0x63c0) return sw & 0x0f;
  if (sw === 0x6983) return 0;
  return undefined;
}

/**
 * How many auth PIN tries are left, asked before anyone types a PIN: VERIFY with no data, which
 * spends no try. Must be called on a fresh connection (a verified PIN answers 9000 instead).
 */
export async function authPinTriesLeft(card: CardChannel): Promise<number> {
  await requireJpki(card);
  await selectPinEf(card);
  const answer = await card.transmit(verifyAuthPin());
  const tries = triesFrom(answer.sw);
  if (tries === undefined)
    throw new CardError('CARD_ERROR', `VERIFY without data answered ${answer.sw.toString(16)}`);
  return tries;
}

/**
 * The holder's consent: VERIFY the PIN once (never again on failure: the caller decides, after
 * asking the person), then COMPUTE DIGITAL SIGNATURE over the SHA-256 DigestInfo with the auth key.
 * Returns the RSA PKCS#1 v1.5 signature. The caller must reset the card afterwards so the
 * verified state does not outlive this request.
 */
export async function signWithAuthKey(
  card: CardChannel,
  pin: string,
  sha256: Uint8Array,
): Promise<Uint8Array> {
  if (sha256.length !== 32) throw new Error('signWithAuthKey takes a SHA-256 digest');
  await requireJpki(card);
  await selectPinEf(card);
  const verified = await card.transmit(verifyAuthPin(pin));
  if (verified.sw !== SW_OK) {
    const tries = triesFrom(verified.sw);
    if (tries === 0) throw new CardError('PIN_BLOCKED', 'the auth PIN is blocked');
    if (tries !== undefined) throw new CardError('PIN_WRONG', 'wrong auth PIN', tries);
    throw new CardError('CARD_ERROR', `VERIFY answered ${verified.sw.toString(16)}`);
  }
  const key = await card.transmit(selectEf('0017'));
  if (key.sw !== SW_OK) throw new CardError('CARD_ERROR', 'EF 0017 could not be selected');
  const signed = await card.transmit(signSha256(sha256));
  if (signed.sw !== SW_OK || signed.data.length === 0)
    throw new CardError('CARD_ERROR', `signing answered ${signed.sw.toString(16)}`);
  return signed.data;
}
