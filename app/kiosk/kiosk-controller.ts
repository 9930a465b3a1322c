import { KIOSK_API } from '../../core/api/routes/kiosk';
import { type Schedule, scheduleWithTimeout } from '../clock/timer';
import type { BridgeRequester } from '../devices/bridge-link';
import type { PlatformClient } from '../terminal/platform-client';
import type { ActingKind, KioskNotice, KioskScreen, KioskState, ScreenOf } from './kiosk-screen';
import { ask, confirm, keep } from './steps/confirm';
import { openCoupon, redeemCoupon, typeCoupon } from './steps/coupon';
import { chooseDefault, PLACE_HOLDINGS } from './steps/holdings';
import { REMOVE_LINK } from './steps/links';
import { openCustom, registerDefault, reserveCustom, typeCustom } from './steps/my-key-id';
import {
  linkPartner,
  openPartnerLink,
  partnerLinkStep,
  typePartnerLink,
} from './steps/partner-link';
import { submitPin } from './steps/pin';
import {
  type At,
  backToMenu,
  type Card,
  type HolderOn,
  type Kiosk,
  type Session,
} from './steps/step';

export interface KioskDeps {
  bridge: BridgeRequester;
  platform: PlatformClient;
  onState: (state: KioskState) => void;
  idleSeconds?: number;
  warningSeconds?: number;
  setTimer?: Schedule;
}

/**
 * The citizen's self-service session at a kiosk (マイキーID登録): the card, the PIN (tries left shown
 * first, never retried by itself), then their My Key ID, a custom ID reservation, and their links.
 * It forgets everything when the card leaves, when the citizen is idle too long, or when done:
 * nothing about the citizen is written to storage. Each press is a step of its own (steps/), let
 * through by one guard (act).
 */
export class KioskController {
  private state: KioskState = { screen: { kind: 'start' } };
  private card: Card | undefined;
  private session: Session | undefined;
  private cancelIdle: (() => void) | undefined;
  /**
   * One per citizen at the reader (it moves on when they leave). An answer that comes back after
   * its citizen has gone belongs to an earlier visit and shows nothing: the next person must never
   * see the last one's links, points or IDs.
   */
  private visit = 0;
  private readonly setTimer: Schedule;

  constructor(private readonly deps: KioskDeps) {
    this.setTimer = deps.setTimer ?? scheduleWithTimeout;
  }

  /** The kiosk as the steps of one visit see it: once that citizen has left, it does nothing. */
  private kioskOf(visit: number): Kiosk {
    const here = () => visit === this.visit;
    return {
      bridge: this.deps.bridge,
      platform: this.deps.platform,
      show: (screen, notice) => {
        if (here()) this.screen(screen, notice);
      },
      opened: (session) => {
        if (here()) this.session = session;
        // The card left while the PIN was checked: the session just opened is ended at once.
        else void this.endSession(session.sessionToken);
      },
      showMenu: (notice, ids) => this.showMenu(visit, notice, ids),
    };
  }

  private async endSession(sessionToken: string): Promise<void> {
    await this.deps.platform.call(KIOSK_API.endHolderSession, { sessionToken });
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

  /**
   * The one guard every press goes through: a step runs only on the screen it belongs to, only
   * while nothing the citizen pressed is still on its way (a second press on a busy screen does
   * nothing), and only with their card read (the PIN screen) or their session open (after it).
   */
  private act<K extends ActingKind, A extends unknown[], R>(
    kind: K,
    step: (at: At<K>, ...args: A) => R,
    ...args: A
  ): R | undefined {
    const screen = this.state.screen;
    const holder = kind === 'pin' ? this.card : this.session;
    if (screen.kind !== kind || !('busy' in screen) || screen.busy || holder === undefined)
      return undefined;
    const at = {
      kiosk: this.kioskOf(this.visit),
      screen: screen as ScreenOf<K>,
      holder: holder as HolderOn<K>,
    };
    return step(at, ...args);
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
    const token = this.session?.sessionToken;
    this.visit += 1;
    this.card = undefined;
    this.session = undefined;
    this.set({ screen: { kind: 'start' } });
    if (token !== undefined) await this.endSession(token);
  }

  /** The bridge saw a card land. */
  async cardPlaced(): Promise<void> {
    if (this.state.screen.kind !== 'start') return;
    const visit = this.visit;
    const kiosk = this.kioskOf(visit);
    kiosk.show({ kind: 'reading' });
    const card = await this.deps.bridge('mynumber.read', { waitMs: 5000 });
    if (!card.ok) return kiosk.show({ kind: 'start' }, { tone: 'error', text: card.code });
    if (visit !== this.visit) return;
    this.card = { certificate: card.result.certificate, defaultId: card.result.myKeyId };
    const tries = await this.deps.bridge('mynumber.pinTriesLeft', { waitMs: 5000 });
    if (!tries.ok) return kiosk.show({ kind: 'start' }, { tone: 'error', text: tries.code });
    const { triesLeft } = tries.result;
    if (triesLeft === 0) return kiosk.show({ kind: 'locked' });
    kiosk.show({ kind: 'pin', triesLeft, busy: false, wrong: false });
  }

  /** The card left the reader: the session ends at once. */
  async cardRemoved(): Promise<void> {
    if (this.state.screen.kind !== 'start') await this.reset();
  }

  /** The menu, read afresh; the session it reads is the one open when the answers come. */
  private async showMenu(
    visit: number,
    notice?: KioskNotice,
    ids?: Pick<Session, 'myKeyId' | 'reservation'>,
  ): Promise<void> {
    if (visit !== this.visit || this.session === undefined) return;
    if (ids !== undefined) this.session = { ...this.session, ...ids };
    const { sessionToken, defaultId, myKeyId, reservation } = this.session;
    const [links, points, holdings] = await Promise.all([
      this.deps.platform.call(KIOSK_API.holderLinks, { sessionToken }),
      this.deps.platform.call(KIOSK_API.holderPoints, { sessionToken }),
      this.deps.platform.call(KIOSK_API.holderHoldings, { sessionToken }),
    ]);
    if (visit !== this.visit) return;
    this.screen(
      {
        kind: 'menu',
        defaultId,
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

  async submitPin(pin: string): Promise<void> {
    await this.act('pin', submitPin, pin);
  }

  async registerDefault(): Promise<void> {
    await this.act('menu', registerDefault);
  }

  openCustom(): void {
    this.act('menu', openCustom);
  }

  typeCustom(text: string): void {
    this.act('custom', typeCustom, text);
  }

  async reserveCustom(): Promise<void> {
    await this.act('custom', reserveCustom);
  }

  backToMenu(): void {
    void this.act('custom', backToMenu);
  }

  askToRemoveLink(serviceCode: string): void {
    this.act('menu', ask, REMOVE_LINK, serviceCode);
  }

  keepLink(): void {
    this.act('menu', keep, REMOVE_LINK);
  }

  async removeLink(): Promise<void> {
    await this.act('menu', confirm, REMOVE_LINK);
  }

  askToPlace(municipalityCode: string): void {
    this.act('menu', ask, PLACE_HOLDINGS, municipalityCode);
  }

  keepHoldings(): void {
    this.act('menu', keep, PLACE_HOLDINGS);
  }

  async place(): Promise<void> {
    await this.act('menu', confirm, PLACE_HOLDINGS);
  }

  async chooseDefault(municipalityCode: string): Promise<void> {
    await this.act('menu', chooseDefault, municipalityCode);
  }

  openCoupon(): void {
    this.act('menu', openCoupon);
  }

  typeCoupon(text: string): void {
    this.act('coupon', typeCoupon, text);
  }

  async redeemCoupon(): Promise<void> {
    await this.act('coupon', redeemCoupon);
  }

  backFromCoupon(): void {
    void this.act('coupon', backToMenu);
  }

  openPartnerLink(serviceCode: string): void {
    this.act('menu', openPartnerLink, serviceCode);
  }

  typePartnerLink(text: string): void {
    this.act('partnerLink', typePartnerLink, text);
  }

  partnerLinkStep(step: 'number' | 'code'): void {
    this.act('partnerLink', partnerLinkStep, step);
  }

  async linkPartner(): Promise<void> {
    await this.act('partnerLink', linkPartner);
  }

  backFromPartnerLink(): void {
    void this.act('partnerLink', backToMenu);
  }
}
