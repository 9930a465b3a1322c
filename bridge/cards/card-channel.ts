import { ApduGuard } from './allowlist';
import { hex, parseResponse, type ResponseApdu } from './apdu';

/**
 * Failures a card exchange can meet. All but APDU_REFUSED are bridge protocol codes; APDU_REFUSED
 * means the bridge itself tried a command off the allowlist, which is a bug, never the user's doing.
 */
export type CardErrorCode =
  | 'CARD_REMOVED'
  | 'NO_CARD'
  | 'APDU_REFUSED'
  | 'CARD_ERROR'
  | 'NOT_A_MYNUMBER_CARD'
  | 'IS_A_MYNUMBER_CARD'
  | 'PIN_WRONG'
  | 'PIN_BLOCKED';

export class CardError extends Error {
  constructor(
    readonly code: CardErrorCode,
    detail: string,
    /** PIN_WRONG: the tries the card says are left. */
    readonly triesLeft?: number,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** Sends raw bytes to a card and returns its raw answer; PC/SC and virtual cards implement it. */
export type Transmit = (apdu: Uint8Array) => Promise<Uint8Array>;

/**
 * Every APDU to a card goes through here: the guard refuses anything off the allowlist before it
 * reaches the transport, and the count lets benchmarks and tests see how many were sent.
 */
export class CardChannel {
  private readonly guard = new ApduGuard();
  sent = 0;

  constructor(private readonly transmitRaw: Transmit) {}

  async transmit(apdu: Uint8Array): Promise<ResponseApdu> {
    const verdict = this.guard.check(apdu);
    if (!verdict.allowed) throw new CardError('APDU_REFUSED', verdict.reason);
    this.sent += 1;
    const response = parseResponse(await this.transmitRaw(apdu));
    // A card always ends its answer with a status word. No status word means the exchange broke
    // off, which is what a reader reports when the card leaves the field mid-command (vpcd and
    // several contactless readers answer with empty data rather than an error).
    if (response === undefined)
      throw new CardError(
        'CARD_REMOVED',
        `no status word in the answer to ${hex(apdu.slice(0, 4))}`,
      );
    return response;
  }
}
