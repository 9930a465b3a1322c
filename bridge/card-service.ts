import { createHash } from 'node:crypto';
import { Mutex } from 'async-mutex';
import {
  type CardProfile,
  type CardProfiles,
  serviceIdFromCard,
} from '../core/bridge/card-profiles';
import type { BridgeResult } from '../core/bridge/protocol';
import { parseAuthCertificate } from '../core/certificates/auth-certificate';
import type { BridgeErrorCode } from '../core/errors';
import { hex, SW_OK } from './cards/apdu';
import { CardChannel, CardError } from './cards/card-channel';
import { technologyFromAtr } from './cards/card-technology';
import { authPinTriesLeft, readAuthCertificate, selectJpki, signWithAuthKey } from './cards/jpki';
import { GET_UID } from './cards/jpki-commands';
import type { ReaderBackend, ReaderState } from './readers/reader-backend';

/** A failure the bridge reports to the app with a stable code. */
export class BridgeFailure extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    detail: string,
    readonly triesLeft?: number,
  ) {
    super(detail);
  }
}

/** Why a wait ended: the failure it was ended with (the pairing removed...), or the app's 【取消】. */
const endedBy = (signal: AbortSignal) =>
  signal.reason instanceof BridgeFailure
    ? signal.reason
    : new BridgeFailure('CANCELLED', 'the app cancelled the wait');

function asFailure(error: unknown): BridgeFailure {
  if (error instanceof BridgeFailure) return error;
  if (error instanceof CardError) {
    // The bridge tried a command off its own allowlist: a bug to fix, never the user's doing.
    if (error.code === 'APDU_REFUSED') return new BridgeFailure('INTERNAL_ERROR', error.message);
    return new BridgeFailure(error.code, error.message, error.triesLeft);
  }
  return new BridgeFailure('INTERNAL_ERROR', (error as Error).message);
}

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/**
 * How a request waits for its card: up to `waitMs`, on the reader staff chose for this kind of card
 * (`reader`; any reader when not named), until the app cancels it (`signal`).
 */
export type CardWait =
  | number
  | { waitMs: number; reader?: string | undefined; signal?: AbortSignal };
const waitOf = (wait: CardWait) => (typeof wait === 'number' ? { waitMs: wait } : wait);

/**
 * The card operations the protocol offers. One conversation per reader at a time: two clients
 * asking for the same reader are queued and each gets its own answer, so no card ever sees two
 * conversations interleaved. Waiting for a card to land holds no lock (a request waiting up to
 * `waitMs` for an empty reader never delays another request), and the lock is taken only once a
 * card is there. Each operation connects, runs, and disconnects (resetting the card after a PIN
 * was verified, so the verified state does not outlive the request).
 */
export class CardService {
  // Keyed by the backend's reader names, never by anything a client sends: bounded by the readers.
  private readonly readerLocks = new Map<string, Mutex>();
  // A Map, not the parsed object: a profile name comes over the wire, and `__proto__` or
  // `toString` must not find Object.prototype's members.
  private readonly profiles: ReadonlyMap<string, CardProfile>;

  constructor(
    private readonly backend: ReaderBackend,
    profiles: CardProfiles = {},
  ) {
    this.profiles = new Map(Object.entries(profiles));
  }

  /**
   * A reader with a card in it (the named one, when staff chose one for this kind of card),
   * waiting up to `waitMs` for one to be placed, or until the app cancels the wait.
   */
  private async readerWithCard(
    waitMs: number,
    only?: string,
    signal?: AbortSignal,
  ): Promise<ReaderState> {
    const found = () =>
      this.backend
        .readers()
        .find((r) => r.atr !== undefined && (only === undefined || r.name === only));
    const now = found();
    if (now !== undefined) return now;
    if (signal?.aborted) throw endedBy(signal);
    if (waitMs <= 0) throw this.nothingToRead(only);
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        stop();
        signal?.removeEventListener('abort', onAbort);
      };
      const timer = setTimeout(() => {
        finish();
        const absent = this.readersNamed(only).length === 0;
        reject(
          absent && this.backend.state() !== 'simulated'
            ? this.nothingToRead(only)
            : new BridgeFailure('TIMEOUT', `no card within ${waitMs} ms`),
        );
      }, waitMs);
      const onAbort = () => {
        finish();
        reject(endedBy(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const stop = this.backend.onChange(() => {
        const reader = found();
        if (reader === undefined) return;
        finish();
        resolve(reader);
      });
    });
  }

  private readersNamed(only: string | undefined): ReaderState[] {
    return this.backend.readers().filter((r) => only === undefined || r.name === only);
  }

  private nothingToRead(only?: string): BridgeFailure {
    if (this.backend.state() === 'unavailable')
      return new BridgeFailure('PCSC_UNAVAILABLE', 'pcscd is not running');
    if (this.readersNamed(only).length === 0)
      return new BridgeFailure('NO_READER', only === undefined ? 'no reader' : `no reader ${only}`);
    return new BridgeFailure('NO_CARD', 'no card on any reader');
  }

  private lockOf(readerName: string): Mutex {
    let lock = this.readerLocks.get(readerName);
    if (lock === undefined) {
      lock = new Mutex();
      this.readerLocks.set(readerName, lock);
    }
    return lock;
  }

  private hasCard(readerName: string): boolean {
    return this.backend.readers().some((r) => r.name === readerName && r.atr !== undefined);
  }

  private async withCard<T>(
    wait: CardWait,
    resetAfter: boolean,
    run: (channel: CardChannel, reader: string, atr: Uint8Array) => Promise<T>,
  ): Promise<T> {
    const { waitMs, reader: only, signal } = waitOf(wait);
    const deadline = Date.now() + waitMs;
    try {
      for (;;) {
        const reader = await this.readerWithCard(deadline - Date.now(), only, signal);
        const done = await this.lockOf(reader.name).runExclusive(async () => {
          // Ended while it queued for the reader (the page went, or cancelled): the card is not touched.
          if (signal?.aborted) throw endedBy(signal);
          // The card may have been taken off while this request queued: wait for the next one.
          if (!this.hasCard(reader.name)) return undefined;
          const connection = await this.backend.connect(reader.name);
          const channel = new CardChannel(connection.transmit);
          try {
            return { value: await run(channel, reader.name, connection.atr) };
          } finally {
            await connection.disconnect(resetAfter).catch(() => {});
          }
        });
        if (done !== undefined) return done.value;
      }
    } catch (error) {
      throw asFailure(error);
    }
  }

  readMyNumberCard(wait: CardWait): Promise<BridgeResult<'mynumber.read'>> {
    return this.withCard(wait, false, async (channel, reader) => {
      const der = await readAuthCertificate(channel);
      const parsed = parseAuthCertificate(der);
      if (!parsed.ok)
        throw new BridgeFailure('CARD_ERROR', `the auth certificate is unusable: ${parsed.reason}`);
      const { identity } = parsed;
      return {
        reader,
        certificate: toBase64(der),
        myKeyId: identity.cn.myKeyId,
        issuingDeskCode: identity.cn.issuingDeskCode,
        serialNumber: identity.serial,
        issuer: identity.issuer,
        notBefore: identity.notBefore.toISOString(),
        notAfter: identity.notAfter.toISOString(),
        apdus: channel.sent,
      };
    });
  }

  pinTriesLeft(wait: CardWait): Promise<BridgeResult<'mynumber.pinTriesLeft'>> {
    return this.withCard(wait, true, async (channel, reader) => ({
      reader,
      triesLeft: await authPinTriesLeft(channel),
    }));
  }

  /**
   * Signs SHA-256(challenge) with the auth key after one VERIFY of `pin`. The PIN is passed to
   * the card and forgotten: it is not logged, stored or retried.
   */
  signChallenge(
    challengeBase64url: string,
    pin: string,
    wait: CardWait,
    /** The certificate read before (base64): another card on the reader gets CARD_CHANGED. */
    expected?: string,
  ): Promise<BridgeResult<'mynumber.sign'>> {
    // Buffer reads base64url with or without padding (any length the protocol lets through).
    const challenge = Buffer.from(challengeBase64url, 'base64url');
    const digest = new Uint8Array(createHash('sha256').update(challenge).digest());
    return this.withCard(wait, true, async (channel, reader) => {
      const certificate = await readAuthCertificate(channel);
      // Checked before VERIFY: the PIN must never reach a card the holder did not hand over.
      if (
        expected !== undefined &&
        !Buffer.from(certificate).equals(Buffer.from(expected, 'base64'))
      )
        throw new BridgeFailure('CARD_CHANGED', 'the card on the reader is not the card read');
      const signature = await signWithAuthKey(channel, pin, digest);
      return {
        reader,
        algorithm: 'RSASSA-PKCS1-v1_5-SHA256' as const,
        signature: toBase64(signature),
        certificate: toBase64(certificate),
      };
    });
  }

  /**
   * A service card's UID / IDm. A My Number card is refused here: its UID is not a service
   * number, and registering it as one would be a mistake staff could not see.
   */
  readServiceCard(
    profileName: string | undefined,
    wait: CardWait,
  ): Promise<BridgeResult<'service.read'>> {
    const profile = profileName === undefined ? undefined : this.profiles.get(profileName);
    if (profileName !== undefined && profile === undefined)
      return Promise.reject(new BridgeFailure('UNKNOWN_CARD_PROFILE', profileName));
    return this.withCard(wait, false, async (channel, reader, atr) => {
      if ((await selectJpki(channel)) === 'JPKI')
        throw new BridgeFailure('IS_A_MYNUMBER_CARD', 'a My Number card on the service step');
      const answer = await channel.transmit(GET_UID);
      if (answer.sw !== SW_OK || answer.data.length === 0)
        throw new BridgeFailure('CARD_ERROR', `GET UID answered ${answer.sw.toString(16)}`);
      const uid = hex(answer.data);
      const technology = technologyFromAtr(atr);
      if (profile === undefined || profileName === undefined) return { reader, uid, technology };
      const mapped = serviceIdFromCard(uid, technology, profile);
      if (!mapped.ok) throw new BridgeFailure(mapped.code, `profile ${profileName}`);
      return { reader, uid, technology, profile: profileName, serviceId: mapped.serviceId };
    });
  }
}
