import type { z } from 'zod';
import type { HolderHoldings, RedeemedCoupon } from '../../core/api/holder-holdings';
import type { HolderPoints } from '../../core/api/holder-points';
import type { HolderProof } from '../../core/api/holder-proof';
import type {
  registerDefaultMyKeyIdRequestSchema,
  reserveCustomMyKeyIdRequestSchema,
} from '../../core/api/mykeys';
import {
  type AuthCertificateIdentity,
  parseAuthCertificate,
} from '../../core/certificates/auth-certificate';
import type { MyKeyId } from '../../core/mykey-id';
import { fail, ok, type Result } from '../../core/result';
import type { StandingOptions } from '../certificates/certificate-standing';
import { checkHolder } from '../certificates/holder-proof';
import { type HolderView, holderView, linkedServices, removeLink } from '../domain/holder-view';
import { registerDefaultMyKeyId, reserveCustomMyKeyId } from '../domain/mykeys';
import type { OperationMacs } from '../domain/operation-macs';
import {
  holderHoldings,
  type Placed,
  placeHoldings,
  setDefaultMunicipality,
} from '../domain/points/conversions';
import { redeemCoupon } from '../domain/points/coupons';
import { holderPoints } from '../domain/points/holder-view';
import { linkPartnerAccount } from '../domain/points/partner-links';
import type { Database } from '../store/database';
import { HolderSessions } from './holder-sessions';

/** A certificate and how its holder shows they are at the kiosk. */
interface Presence {
  certificate: string;
  proof?: HolderProof | undefined;
  sessionToken?: string | undefined;
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * What a citizen does at a kiosk, once the card showed they hold it (公的個人認証): open a session,
 * see and remove their links, register their default ID or reserve a custom one. Sessions live in
 * the kiosk's token (holder-sessions.ts), so any platform process serves them.
 */
export class KioskUseCases {
  private readonly sessions: HolderSessions;

  constructor(
    private readonly db: Database,
    private readonly options: StandingOptions & {
      reservationDays: number;
      macs: OperationMacs;
      /** Seals the sessions; the same in every process of a fleet (holderSessionKey). */
      sessionKey: Buffer;
    },
  ) {
    this.sessions = new HolderSessions(db, options.sessionKey);
  }

  /**
   * The certificate, once its holder is shown present: by a proof over this terminal's challenge,
   * or by a session such a proof opened for this same certificate on this same terminal.
   */
  async presentHolder(
    terminalId: string,
    presence: Presence,
  ): Promise<Result<AuthCertificateIdentity>> {
    const parsed = parseAuthCertificate(presence.certificate);
    if (!parsed.ok) return fail('CERTIFICATE_INVALID');
    const { identity } = parsed;
    if (presence.proof !== undefined) {
      const der = Buffer.from(presence.certificate, 'base64');
      const checked = await checkHolder(
        this.db,
        terminalId,
        der,
        identity,
        presence.proof,
        this.options,
      );
      return checked.ok ? ok(identity) : checked;
    }
    if (presence.sessionToken === undefined) return fail('VALIDATION_FAILED');
    const session = await this.sessions.find(presence.sessionToken, terminalId);
    return session?.issuer === identity.issuer && session.serial === identity.serial
      ? ok(identity)
      : fail('HOLDER_SESSION_INVALID');
  }

  async openSession(
    terminalId: string,
    presence: Presence & { proof: HolderProof },
  ): Promise<Result<HolderView & { sessionToken: string; expiresAt: string }>> {
    const holder = await this.presentHolder(terminalId, presence);
    if (!holder.ok) return holder;
    const { issuer, serial } = holder.value;
    const opened = this.sessions.open({ terminalId, issuer, serial });
    return ok({
      sessionToken: opened.token,
      expiresAt: isoSeconds(opened.expiresAt),
      ...(await holderView(this.db, { issuer, serial })),
    });
  }

  async linksOf(
    terminalId: string,
    sessionToken: string,
  ): Promise<Result<{ links: Awaited<ReturnType<typeof linkedServices>> }>> {
    const session = await this.sessions.find(sessionToken, terminalId);
    if (session === undefined) return fail('HOLDER_SESSION_INVALID');
    const view = await holderView(this.db, session);
    return ok({ links: view.myKeyId === null ? [] : await linkedServices(this.db, view.myKeyId) });
  }

  /** The holder's converted points waiting for a municipality, and where they can go. */
  async holdingsOf(terminalId: string, sessionToken: string): Promise<Result<HolderHoldings>> {
    const myKeyId = await this.sessionHolder(terminalId, sessionToken);
    if (!myKeyId.ok) return myKeyId;
    return ok(await holderHoldings(this.db, myKeyId.value));
  }

  /** 自治体の選択: all the holder's converted points into a municipality, with its premium. */
  async place(
    terminalId: string,
    sessionToken: string,
    municipalityCode: string,
    today: string,
  ): Promise<Result<Placed>> {
    const myKeyId = await this.sessionHolder(terminalId, sessionToken);
    if (!myKeyId.ok) return myKeyId;
    return placeHoldings(this.db, myKeyId.value, municipalityCode, today);
  }

  /** A partner's coupon code into the holder's holding account. */
  async redeemCoupon(
    terminalId: string,
    sessionToken: string,
    code: string,
    today: string,
  ): Promise<Result<RedeemedCoupon>> {
    const myKeyId = await this.sessionHolder(terminalId, sessionToken);
    if (!myKeyId.ok) return myKeyId;
    return redeemCoupon(this.db, myKeyId.value, code, today);
  }

  /** ID連携 with a partner: the holder's customer number there, proved by the partner's code. */
  async linkPartner(
    terminalId: string,
    request: { sessionToken: string; serviceCode: string; customerId: string; code: string },
    today: string,
  ): Promise<Result<{ outcome: 'registered' | 'already_registered'; partnerName: string }>> {
    const myKeyId = await this.sessionHolder(terminalId, request.sessionToken);
    if (!myKeyId.ok) return myKeyId;
    return linkPartnerAccount(this.db, this.options.macs, {
      myKeyId: myKeyId.value,
      serviceCode: request.serviceCode,
      customerId: request.customerId,
      code: request.code,
      today,
    });
  }

  /** 基本自治体: where converted points go when the holder has not chosen in time. */
  async setDefaultMunicipality(
    terminalId: string,
    sessionToken: string,
    municipalityCode: string,
  ): Promise<Result<{ municipalityCode: string }>> {
    const myKeyId = await this.sessionHolder(terminalId, sessionToken);
    if (!myKeyId.ok) return myKeyId;
    const set = await setDefaultMunicipality(this.db, myKeyId.value, municipalityCode);
    return set.ok ? ok({ municipalityCode }) : set;
  }

  /** The registered My Key ID of a live session's holder. */
  private async sessionHolder(terminalId: string, sessionToken: string): Promise<Result<string>> {
    const session = await this.sessions.find(sessionToken, terminalId);
    if (session === undefined) return fail('HOLDER_SESSION_INVALID');
    const view = await holderView(this.db, session);
    return view.myKeyId === null ? fail('CERTIFICATE_NOT_REGISTERED') : ok(view.myKeyId);
  }

  /** The holder's own points, as the kiosk shows them after the PIN. */
  async pointsOf(
    terminalId: string,
    sessionToken: string,
    today: string,
  ): Promise<Result<HolderPoints>> {
    const session = await this.sessions.find(sessionToken, terminalId);
    if (session === undefined) return fail('HOLDER_SESSION_INVALID');
    const view = await holderView(this.db, session);
    return ok(
      view.myKeyId === null ? { programmes: [] } : await holderPoints(this.db, view.myKeyId, today),
    );
  }

  async removeLink(
    terminalId: string,
    sessionToken: string,
    serviceCode: string,
  ): Promise<Result<{ removed: true }>> {
    const session = await this.sessions.find(sessionToken, terminalId);
    if (session === undefined) return fail('HOLDER_SESSION_INVALID');
    const view = await holderView(this.db, session);
    if (view.myKeyId === null) return fail('CERTIFICATE_NOT_REGISTERED');
    return removeLink(this.db, view.myKeyId, serviceCode);
  }

  async end(terminalId: string, sessionToken: string): Promise<{ ended: true }> {
    await this.sessions.end(sessionToken, terminalId);
    return { ended: true };
  }

  async registerDefault(
    terminalId: string,
    request: z.infer<typeof registerDefaultMyKeyIdRequestSchema>,
  ): ReturnType<typeof registerDefaultMyKeyId> {
    const holder = await this.presentHolder(terminalId, request);
    return holder.ok ? registerDefaultMyKeyId(this.db, holder.value) : holder;
  }

  async reserveCustom(
    terminalId: string,
    request: z.infer<typeof reserveCustomMyKeyIdRequestSchema>,
  ): Promise<Result<{ myKeyId: MyKeyId; expiresAt: string; outcome: 'reserved' }>> {
    const holder = await this.presentHolder(terminalId, request);
    if (!holder.ok) return holder;
    // The schema has checked the ID against the rules.
    const reserved = await reserveCustomMyKeyId(
      this.db,
      holder.value,
      request.myKeyId as MyKeyId,
      this.options.reservationDays,
    );
    return reserved.ok ? ok({ ...reserved.value, outcome: 'reserved' }) : reserved;
  }
}
