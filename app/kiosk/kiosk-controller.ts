import type { HolderHoldings } from '../../core/api/holder-holdings';
import type { HolderPoints } from '../../core/api/holder-points';
import { KIOSK_API } from '../../core/api/routes/kiosk';
import type { AnyErrorCode } from '../../core/errors';
import { parseTypedMyKeyId } from '../../core/mykey-id';
import { readCouponCode } from '../../core/points/coupon-code';
import { type Schedule, scheduleWithTimeout } from '../clock/timer';
import type { BridgeRequester } from '../devices/bridge-link';
import type { Notice } from '../store/store';
import type { PlatformClient } from '../terminal/platform-client';

/** What the kiosk shows; everything about the citizen lives here, in memory only. */
export type KioskScreen =
  | { kind: 'start' }
  | { kind: 'reading' }
  | { kind: 'pin'; triesLeft: number; busy: boolean; wrong: boolean }
  | { kind: 'locked' }
  | {
      kind: 'menu';
      defaultId: string;
      myKeyId: string | null;
      reservation: { myKeyId: string; expiresAt: string } | null;
      links: Array<{ serviceCode: string; serviceName: string }>;
      /** The holder's points in each programme (balances, what expires soon, entries). */
      points: HolderPoints['programmes'];
      /** Converted points waiting for a municipality, the default one, and where they can go. */
      holdings: HolderHoldings | undefined;
      busy: boolean;
      /** The link the citizen pressed 【解除】 on, waiting for 【解除する】 or 【やめる】. */
      removing?: string;
      /** The municipality the citizen chose for their held points, waiting for 【移す】. */
      placing?: string;
    }
  | { kind: 'custom'; defaultId: string; input: string; busy: boolean }
  | { kind: 'coupon'; input: string; busy: boolean }
  | {
      kind: 'partnerLink';
      serviceCode: string;
      partnerName: string;
      /** The customer number first, then the partner's 連携コード for it. */
      step: 'number' | 'code';
      customerId: string;
      code: string;
      busy: boolean;
    }
  | { kind: 'error'; code: AnyErrorCode };

export type KioskNotice = Notice;

export interface KioskState {
  screen: KioskScreen;
  notice?: KioskNotice;
  /** Seconds until the kiosk clears itself, while the idle warning shows. */
  idleWarning?: number;
}

export interface KioskDeps {
  bridge: BridgeRequester;
  platform: PlatformClient;
  onState: (state: KioskState) => void;
  idleSeconds?: number;
  warningSeconds?: number;
  setTimer?: Schedule;
}

interface Holder {
  certificate: string;
  defaultId: string;
  sessionToken?: string;
  myKeyId?: string | null;
  reservation?: { myKeyId: string; expiresAt: string } | null;
}

/**
 * The citizen's self-service session at a kiosk (マイキーID登録): the card, the PIN (tries left shown
 * first, never retried by itself), then their My Key ID, a custom ID reservation, and their links.
 * It forgets everything when the card leaves, when the citizen is idle too long, or when done:
 * nothing about the citizen is written to storage.
 */
export class KioskController {
  private state: KioskState = { screen: { kind: 'start' } };
  private holder: Holder | undefined;
  private cancelIdle: (() => void) | undefined;
  private readonly setTimer: Schedule;

  constructor(private readonly deps: KioskDeps) {
    this.setTimer = deps.setTimer ?? scheduleWithTimeout;
  }

  current(): KioskState {
    return this.state;
  }

  private set(state: KioskState): void {
    this.state = state;
    this.deps.onState(state);
  }

  private screen(screen: KioskScreen, notice?: KioskNotice): void {
    this.set({ screen, ...(notice !== undefined ? { notice } : {}) });
    this.touch();
  }

  /** Any touch or key: the idle countdown starts again. */
  touch(): void {
    this.cancelIdle?.();
    this.cancelIdle = undefined;
    if (this.state.idleWarning !== undefined) {
      const { idleWarning: _, ...rest } = this.state;
      this.set(rest);
    }
    if (this.state.screen.kind === 'start') return;
    const idleMs = (this.deps.idleSeconds ?? 60) * 1000;
    this.cancelIdle = this.setTimer(() => this.warn(this.deps.warningSeconds ?? 10), idleMs);
  }

  private warn(secondsLeft: number): void {
    if (secondsLeft <= 0) {
      void this.reset();
      return;
    }
    this.set({ ...this.state, idleWarning: secondsLeft });
    this.cancelIdle = this.setTimer(() => this.warn(secondsLeft - 1), 1000);
  }

  /** Back to the start, with nothing about the citizen kept anywhere. */
  async reset(): Promise<void> {
    this.cancelIdle?.();
    this.cancelIdle = undefined;
    const token = this.holder?.sessionToken;
    this.holder = undefined;
    this.set({ screen: { kind: 'start' } });
    if (token !== undefined)
      await this.deps.platform.call(KIOSK_API.endHolderSession, { sessionToken: token });
  }

  /** The bridge saw a card land. */
  async cardPlaced(): Promise<void> {
    if (this.state.screen.kind !== 'start') return;
    this.screen({ kind: 'reading' });
    const card = await this.deps.bridge('mynumber.read', { waitMs: 5000 });
    if (!card.ok) return this.screen({ kind: 'start' }, { tone: 'error', text: card.code });
    this.holder = {
      certificate: card.result.certificate,
      defaultId: card.result.myKeyId,
    };
    const tries = await this.deps.bridge('mynumber.pinTriesLeft', { waitMs: 5000 });
    if (!tries.ok) return this.screen({ kind: 'start' }, { tone: 'error', text: tries.code });
    const { triesLeft } = tries.result;
    if (triesLeft === 0) return this.screen({ kind: 'locked' });
    this.screen({ kind: 'pin', triesLeft, busy: false, wrong: false });
  }

  /** The card left the reader: the session ends at once. */
  async cardRemoved(): Promise<void> {
    if (this.state.screen.kind !== 'start') await this.reset();
  }

  /** The citizen pressed 【確認】 with four digits. One attempt per press, never more. */
  async submitPin(pin: string): Promise<void> {
    const screen = this.state.screen;
    if (screen.kind !== 'pin' || screen.busy || this.holder === undefined) return;
    if (!/^\d{4}$/.test(pin)) return this.screen(screen, { tone: 'error', text: 'pinFourDigits' });
    this.screen({ ...screen, busy: true });
    const challenge = await this.deps.platform.call(KIOSK_API.issueChallenge, {});
    if (!challenge.ok)
      return this.screen({ ...screen, busy: false }, { tone: 'error', text: challenge.code });
    const signed = await this.deps.bridge('mynumber.sign', {
      challenge: challenge.value.challenge,
      pin,
      waitMs: 5000,
    });
    if (!signed.ok) {
      if (signed.code === 'PIN_WRONG')
        return this.screen({
          kind: 'pin',
          triesLeft: signed.triesLeft ?? 0,
          busy: false,
          wrong: true,
        });
      if (signed.code === 'PIN_BLOCKED') return this.screen({ kind: 'locked' });
      return this.screen({ ...screen, busy: false }, { tone: 'error', text: signed.code });
    }
    const session = await this.deps.platform.call(KIOSK_API.openHolderSession, {
      certificate: this.holder.certificate,
      proof: {
        challengeId: challenge.value.challengeId,
        signature: signed.result.signature,
      },
    });
    if (!session.ok) return this.screen({ kind: 'error', code: session.code });
    this.holder.sessionToken = session.value.sessionToken;
    await this.showMenu(session.value.myKeyId, session.value.reservation);
  }

  private async showMenu(
    myKeyId: string | null,
    reservation: { myKeyId: string; expiresAt: string } | null,
    notice?: KioskNotice,
  ): Promise<void> {
    const holder = this.holder;
    if (holder?.sessionToken === undefined) return;
    holder.myKeyId = myKeyId;
    holder.reservation = reservation;
    const session = { sessionToken: holder.sessionToken };
    const [links, points, holdings] = await Promise.all([
      this.deps.platform.call(KIOSK_API.holderLinks, session),
      this.deps.platform.call(KIOSK_API.holderPoints, session),
      this.deps.platform.call(KIOSK_API.holderHoldings, session),
    ]);
    this.screen(
      {
        kind: 'menu',
        defaultId: holder.defaultId,
        myKeyId,
        reservation,
        links: links.ok ? links.value.links : [],
        points: points.ok ? points.value.programmes : [],
        holdings: holdings.ok ? holdings.value : undefined,
        busy: false,
      },
      notice,
    );
  }

  /** (1) 【登録】: the certificate's default random string becomes the My Key ID. */
  async registerDefault(): Promise<void> {
    const screen = this.state.screen;
    if (screen.kind !== 'menu' || this.holder?.sessionToken === undefined) return;
    this.screen({ ...screen, busy: true });
    const answer = await this.deps.platform.call(KIOSK_API.registerDefaultMyKeyId, {
      certificate: this.holder.certificate,
      sessionToken: this.holder.sessionToken,
    });
    if (!answer.ok)
      return this.screen({ ...screen, busy: false }, { tone: 'error', text: answer.code });
    await this.showMenu(answer.value.myKeyId, screen.reservation, {
      tone: 'ok',
      text: 'registered',
    });
  }

  openCustom(): void {
    const screen = this.state.screen;
    if (screen.kind !== 'menu') return;
    this.screen({ kind: 'custom', defaultId: screen.defaultId, input: '', busy: false });
  }

  /** What the citizen types, normalised as they type (full-width, lower case on a Japanese IME). */
  typeCustom(text: string): void {
    const screen = this.state.screen;
    if (screen.kind !== 'custom') return;
    this.screen({ ...screen, input: text });
  }

  /** (2) 【仮登録】 */
  async reserveCustom(): Promise<void> {
    const screen = this.state.screen;
    if (screen.kind !== 'custom' || this.holder?.sessionToken === undefined) return;
    const parsed = parseTypedMyKeyId(screen.input);
    if (!parsed.ok) return this.screen(screen, { tone: 'error', text: 'MYKEY_ID_INVALID' });
    this.screen({ ...screen, busy: true });
    const answer = await this.deps.platform.call(KIOSK_API.reserveCustomMyKeyId, {
      certificate: this.holder.certificate,
      sessionToken: this.holder.sessionToken,
      myKeyId: parsed.myKeyId,
    });
    if (!answer.ok)
      return this.screen(
        { ...screen, busy: false },
        { tone: 'error', text: answer.code === 'MYKEY_TAKEN' ? 'reserveFailed' : answer.code },
      );
    await this.showMenu(
      null,
      { myKeyId: answer.value.myKeyId, expiresAt: answer.value.expiresAt },
      {
        tone: 'ok',
        text: 'reserved',
      },
    );
  }

  backToMenu(): void {
    const holder = this.holder;
    if (this.state.screen.kind !== 'custom' || holder === undefined) return;
    void this.showMenu(holder.myKeyId ?? null, holder.reservation ?? null);
  }

  /**
   * 【解除】 asks first: a link removed by a stray touch could only be made again at the shop or
   * library, with both cards.
   */
  askToRemoveLink(serviceCode: string): void {
    const screen = this.state.screen;
    if (screen.kind !== 'menu' || screen.busy) return;
    if (!screen.links.some((link) => link.serviceCode === serviceCode)) return;
    this.screen({ ...screen, removing: serviceCode });
  }

  keepLink(): void {
    const screen = this.state.screen;
    if (screen.kind !== 'menu' || screen.busy) return;
    const { removing: _, ...kept } = screen;
    this.screen(kept);
  }

  /** 【解除する】: the link the citizen asked about is removed. */
  async removeLink(): Promise<void> {
    const screen = this.state.screen;
    if (screen.kind !== 'menu' || screen.busy || this.holder?.sessionToken === undefined) return;
    const serviceCode = screen.removing;
    if (serviceCode === undefined) return;
    const { removing: _, ...menu } = screen;
    this.screen({ ...screen, busy: true });
    const answer = await this.deps.platform.call(KIOSK_API.removeHolderLink, {
      sessionToken: this.holder.sessionToken,
      serviceCode,
    });
    if (!answer.ok) return this.screen(menu, { tone: 'error', text: answer.code });
    await this.showMenu(menu.myKeyId, menu.reservation, { tone: 'ok', text: 'linkRemoved' });
  }

  /**
   * 自治体を選ぶ: asks first, since municipal points never go back to the partner, then places
   * everything held, with the municipality's premium.
   */
  askToPlace(municipalityCode: string): void {
    const screen = this.state.screen;
    if (screen.kind !== 'menu' || screen.busy) return;
    if (!screen.holdings?.municipalities.some((m) => m.code === municipalityCode)) return;
    this.screen({ ...screen, placing: municipalityCode });
  }

  keepHoldings(): void {
    const screen = this.state.screen;
    if (screen.kind !== 'menu' || screen.busy) return;
    const { placing: _, ...kept } = screen;
    this.screen(kept);
  }

  /** 【移す】 */
  async place(): Promise<void> {
    const screen = this.state.screen;
    if (screen.kind !== 'menu' || screen.busy || this.holder?.sessionToken === undefined) return;
    const municipalityCode = screen.placing;
    if (municipalityCode === undefined) return;
    const { placing: _, ...menu } = screen;
    this.screen({ ...screen, busy: true });
    const answer = await this.deps.platform.call(KIOSK_API.placeHoldings, {
      sessionToken: this.holder.sessionToken,
      municipalityCode,
    });
    if (!answer.ok) return this.screen(menu, { tone: 'error', text: answer.code });
    const programme = menu.holdings?.municipalities.find((m) => m.code === municipalityCode);
    await this.showMenu(menu.myKeyId, menu.reservation, {
      tone: 'ok',
      text: 'kioskPlaced',
      values: {
        n: answer.value.points.toLocaleString(),
        premium: answer.value.premium.toLocaleString(),
        programme: programme?.programmeName ?? answer.value.programmeCode,
      },
    });
  }

  /** 基本自治体: where held points go by themselves when their days are over. */
  async chooseDefault(municipalityCode: string): Promise<void> {
    const screen = this.state.screen;
    if (screen.kind !== 'menu' || screen.busy || this.holder?.sessionToken === undefined) return;
    this.screen({ ...screen, busy: true });
    const answer = await this.deps.platform.call(KIOSK_API.setDefaultMunicipality, {
      sessionToken: this.holder.sessionToken,
      municipalityCode,
    });
    if (!answer.ok)
      return this.screen({ ...screen, busy: false }, { tone: 'error', text: answer.code });
    const name = screen.holdings?.municipalities.find((m) => m.code === municipalityCode)?.name;
    await this.showMenu(screen.myKeyId, screen.reservation, {
      tone: 'ok',
      text: 'kioskDefaultSet',
      values: { municipality: name ?? municipalityCode },
    });
  }

  /** クーポンコード: typed on the kiosk's keys. */
  openCoupon(): void {
    if (this.state.screen.kind !== 'menu') return;
    this.screen({ kind: 'coupon', input: '', busy: false });
  }

  typeCoupon(text: string): void {
    const screen = this.state.screen;
    if (screen.kind !== 'coupon') return;
    this.screen({ ...screen, input: text });
  }

  /**
   * 【登録】: a code is checked here first (its check character catches a mistyped one), so only a
   * code that could be real reaches the platform, whose guess limit counts every unknown code.
   */
  async redeemCoupon(): Promise<void> {
    const screen = this.state.screen;
    if (screen.kind !== 'coupon' || screen.busy || this.holder?.sessionToken === undefined) return;
    const read = readCouponCode(screen.input);
    if (!read.ok)
      return this.screen(screen, {
        tone: 'error',
        text: read.reason === 'length' ? 'kioskCouponLength' : 'COUPON_MISTYPED',
      });
    this.screen({ ...screen, busy: true });
    const answer = await this.deps.platform.call(KIOSK_API.redeemCoupon, {
      sessionToken: this.holder.sessionToken,
      code: read.code,
    });
    if (!answer.ok)
      return this.screen({ ...screen, busy: false }, { tone: 'error', text: answer.code });
    await this.showMenu(this.holder.myKeyId ?? null, this.holder.reservation ?? null, {
      tone: 'ok',
      text: 'kioskCouponRedeemed',
      values: { n: answer.value.points.toLocaleString(), partner: answer.value.partnerName },
    });
  }

  backFromCoupon(): void {
    const holder = this.holder;
    if (this.state.screen.kind !== 'coupon' || holder === undefined) return;
    void this.showMenu(holder.myKeyId ?? null, holder.reservation ?? null);
  }

  /** ID連携 with a partner: its customer number, then the 連携コード its site gave the customer. */
  openPartnerLink(serviceCode: string): void {
    const screen = this.state.screen;
    if (screen.kind !== 'menu' || screen.busy) return;
    const partner = screen.holdings?.partners.find((p) => p.serviceCode === serviceCode);
    if (partner === undefined) return;
    this.screen({
      kind: 'partnerLink',
      serviceCode,
      partnerName: partner.partnerName,
      step: 'number',
      customerId: '',
      code: '',
      busy: false,
    });
  }

  typePartnerLink(text: string): void {
    const screen = this.state.screen;
    if (screen.kind !== 'partnerLink') return;
    this.screen(
      screen.step === 'number' ? { ...screen, customerId: text } : { ...screen, code: text },
    );
  }

  /** 【次へ】 from the number to the code; 【戻る】 from the code to the number. */
  partnerLinkStep(step: 'number' | 'code'): void {
    const screen = this.state.screen;
    if (screen.kind !== 'partnerLink') return;
    if (step === 'code' && customerNumber(screen.customerId) === '')
      this.screen(screen, { tone: 'error', text: 'kioskPartnerNumberEmpty' });
    else this.screen({ ...screen, step });
  }

  /** 【連携する】: the code is read here first, as a coupon code is. */
  async linkPartner(): Promise<void> {
    const screen = this.state.screen;
    if (screen.kind !== 'partnerLink' || screen.busy || this.holder?.sessionToken === undefined)
      return;
    const read = readCouponCode(screen.code);
    if (!read.ok)
      return this.screen(screen, {
        tone: 'error',
        text: read.reason === 'length' ? 'kioskLinkCodeLength' : 'LINK_CODE_MISTYPED',
      });
    this.screen({ ...screen, busy: true });
    const answer = await this.deps.platform.call(KIOSK_API.linkPartner, {
      sessionToken: this.holder.sessionToken,
      serviceCode: screen.serviceCode,
      customerId: customerNumber(screen.customerId),
      code: read.code,
    });
    if (!answer.ok)
      return this.screen({ ...screen, busy: false }, { tone: 'error', text: answer.code });
    await this.showMenu(this.holder.myKeyId ?? null, this.holder.reservation ?? null, {
      tone: 'ok',
      text: 'kioskPartnerLinked',
      values: { partner: answer.value.partnerName },
    });
  }

  backFromPartnerLink(): void {
    const holder = this.holder;
    if (this.state.screen.kind !== 'partnerLink' || holder === undefined) return;
    void this.showMenu(holder.myKeyId ?? null, holder.reservation ?? null);
  }
}

/** A customer number as typed on a kiosk or a keyboard: full-width folded, no spaces. */
export const customerNumber = (typed: string): string => typed.normalize('NFKC').replace(/\s/g, '');
