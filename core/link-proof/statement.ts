import { toBase64 } from '../http-signature/signature-base';
/**
 * The statement a My Number card signs when its holder types the PIN to link a service (the 2024
 * rules: an identity check with the PIN when a person first links). The terminal makes it itself,
 * so the registration can wait in the outbox while the platform is out of reach (a challenge from
 * the platform would expire there); the platform rebuilds it from the operation it receives and
 * checks the card's signature, the certificate, the age and that it was not used before.
 */
export interface LinkProofStatement {
  /** The terminal that asked for the PIN: the one whose signed request carries the proof. */
  terminalId: string;
  serviceCode: string;
  /** When the card signed, by the terminal's clock (ISO 8601, UTC). */
  madeAt: string;
  /** One per proof: the registration's operation id when it goes through the outbox. */
  nonce: string;
}

/** How long a proof may wait in a terminal's outbox before the platform refuses it. */
export const LINK_PROOF_MAX_AGE_HOURS = 72;
/** How far a terminal's clock may run ahead of the platform's. */
export const LINK_PROOF_CLOCK_SKEW_MINUTES = 10;

/** The exact text signed: one line per field, so no field can be made to look like another. */
export function linkProofText(statement: LinkProofStatement): string {
  return [
    'mykey-link-proof/1',
    `terminal=${statement.terminalId}`,
    `service=${statement.serviceCode}`,
    `at=${statement.madeAt}`,
    `nonce=${statement.nonce.toLowerCase()}`,
  ].join('\n');
}

export const linkProofBytes = (statement: LinkProofStatement): Uint8Array =>
  new TextEncoder().encode(linkProofText(statement));

/** Whether a proof made at `madeAt` may still be used at `now` (and is not from the future). */
export function linkProofInTime(madeAt: Date, now: Date): boolean {
  const age = now.getTime() - madeAt.getTime();
  return (
    Number.isFinite(age) &&
    age <= LINK_PROOF_MAX_AGE_HOURS * 3_600_000 &&
    age >= -LINK_PROOF_CLOCK_SKEW_MINUTES * 60_000
  );
}

/** Until when the platform must remember a used proof: past that its age refuses it anyway. */
export const linkProofForgetAfter = (madeAt: Date): Date =>
  new Date(madeAt.getTime() + (LINK_PROOF_MAX_AGE_HOURS + 1) * 3_600_000);

/** What the app sends the bridge to sign (base64url of the statement; the card signs its SHA-256). */
export function linkProofChallenge(statement: LinkProofStatement): string {
  return challengeOf(linkProofBytes(statement));
}

const challengeOf = (bytes: Uint8Array): string =>
  toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The statement a card signs when its holder types the PIN for a redemption above the programme's
 * threshold: the same mechanism as a link's (made by the terminal, checked by the platform for
 * the card's signature, its age and single use), with its own first line so that neither can be
 * taken for the other, and the redemption's own id as its nonce, so one PIN is one redemption.
 */
export interface PointsProofStatement {
  terminalId: string;
  programmeCode: string;
  points: number;
  /** When the card signed, by the terminal's clock (ISO 8601, UTC). */
  madeAt: string;
  /** The redemption's operation id. */
  operationId: string;
}

export function pointsProofText(statement: PointsProofStatement): string {
  return [
    'mykey-points-proof/1',
    `terminal=${statement.terminalId}`,
    `programme=${statement.programmeCode}`,
    `points=${statement.points}`,
    `at=${statement.madeAt}`,
    `operation=${statement.operationId.toLowerCase()}`,
  ].join('\n');
}

export const pointsProofBytes = (statement: PointsProofStatement): Uint8Array =>
  new TextEncoder().encode(pointsProofText(statement));

export const pointsProofChallenge = (statement: PointsProofStatement): string =>
  challengeOf(pointsProofBytes(statement));
