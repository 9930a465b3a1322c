import { describe, expect, it } from 'vitest';
import { KIOSK_API } from '../../core/api/routes/kiosk';
import { answerTo } from '../../core/bridge/protocol';
import type { BridgeErrorCode, ErrorCode } from '../../core/errors';
import { couponCodeFrom } from '../../core/points/coupon-code';
import type { BridgeRequester } from '../devices/bridge-link';
import { type PlatformClient, readAnswer } from '../terminal/platform-client';
import { KioskController } from './kiosk-controller';
import type { KioskState } from './kiosk-screen';

const API = {
  paths: Object.fromEntries(
    Object.entries(KIOSK_API).map(([name, route]) => [name, route.path]),
  ) as Record<keyof typeof KIOSK_API, string>,
};

const DEFAULT_ID = 'AB12CD34EF56GH';

/** A card and a platform that answer as the real ones do, recording what they were asked. */
function kiosk(
  options: {
    triesLeft?: number;
    pin?: string;
    taken?: string;
    /** Routes the platform refuses, with the code it answers. */
    refuse?: Partial<Record<keyof typeof KIOSK_API, ErrorCode>>;
    /** Routes whose answers wait until `release()`, as a slow network would. */
    hold?: Array<keyof typeof KIOSK_API>;
  } = {},
) {
  let triesLeft = options.triesLeft ?? 3;
  const calls: string[] = [];
  const held: Array<() => void> = [];
  const release = () => {
    for (const go of held.splice(0)) go();
  };
  const states: KioskState[] = [];
  const timers: Array<() => void> = [];
  // Each answer is read with the protocol's schema for its request, as the app's link reads it.
  const bridge: BridgeRequester = async (type, fields) => {
    calls.push(type);
    const result = (value: unknown) =>
      answerTo(type, { v: 1, type: 'result', id: 'a1', result: value });
    const error = (code: BridgeErrorCode, left?: number) =>
      answerTo(type, {
        v: 1,
        type: 'error',
        id: 'a1',
        error: { code, message: '', ...(left !== undefined ? { triesLeft: left } : {}) },
      });
    if (type === 'mynumber.read')
      return result({
        reader: 'R',
        certificate: 'CERT',
        myKeyId: DEFAULT_ID,
        issuingDeskCode: 'DESK00001',
        serialNumber: '01',
        issuer: 'JPKI',
        notBefore: '2026-01-01',
        notAfter: '2031-01-01',
        apdus: 6,
      });
    if (type === 'mynumber.pinTriesLeft') return result({ reader: 'R', triesLeft });
    if (type === 'mynumber.sign') {
      if (triesLeft === 0) return error('PIN_BLOCKED');
      if ((fields as { pin?: string } | undefined)?.pin !== (options.pin ?? '1234')) {
        triesLeft -= 1;
        return triesLeft === 0 ? error('PIN_BLOCKED') : error('PIN_WRONG', triesLeft);
      }
      triesLeft = 3;
      return result({
        reader: 'R',
        algorithm: 'RSASSA-PKCS1-v1_5-SHA256',
        signature: 'SIG',
        certificate: 'CERT',
      });
    }
    return error('INTERNAL_ERROR');
  };
  const platform: PlatformClient = {
    // Each answer is read with the route's own schema, as the app's client reads the platform's.
    call: async (route, request) => {
      calls.push(route.path);
      const answer = (status: number, body: unknown) =>
        readAnswer(route, { status, retryAfter: null, body });
      const { paths } = API;
      const name = (Object.keys(paths) as Array<keyof typeof KIOSK_API>).find(
        (key) => paths[key] === route.path,
      );
      if (name !== undefined && options.hold?.includes(name))
        await new Promise<void>((go) => held.push(go));
      const refusal = name === undefined ? undefined : options.refuse?.[name];
      if (refusal !== undefined) return answer(409, { error: { code: refusal, message: '' } });
      if (route.path === paths.issueChallenge)
        return answer(200, {
          challengeId: '00000000-0000-4000-8000-000000000001',
          challenge: 'x'.repeat(43),
          expiresAt: '2026-12-25T00:05:00Z',
        });
      if (route.path === paths.openHolderSession)
        return answer(200, {
          sessionToken: 'session-token-0000000000',
          expiresAt: '2026-12-25T00:10:00Z',
          myKeyId: null,
          kind: null,
          reservation: null,
        });
      if (route.path === paths.holderLinks)
        return answer(200, {
          links: [{ serviceCode: 'A-a1-0001', serviceName: 'ポイントカード' }],
        });
      if (route.path === paths.holderPoints)
        return answer(200, {
          programmes: [
            {
              programmeCode: 'A-P002',
              programmeName: '○○商店街ポイント',
              balance: 120,
              expiring: [{ points: 20, expiresOn: '2027-01-31' }],
              entries: [{ on: '2026-12-01', kind: 'award', shop: '商店街組合a1', amount: 120 }],
            },
          ],
        });
      if (route.path === paths.registerDefaultMyKeyId)
        return answer(200, { myKeyId: DEFAULT_ID, outcome: 'registered' });
      if (route.path === paths.reserveCustomMyKeyId) {
        const wanted = (request as { myKeyId: string }).myKeyId;
        return wanted === options.taken
          ? answer(409, { error: { code: 'MYKEY_TAKEN', message: '' } })
          : answer(200, {
              myKeyId: wanted,
              outcome: 'reserved',
              expiresAt: '2026-12-25T00:00:00Z',
            });
      }
      if (route.path === paths.removeHolderLink) return answer(200, { removed: true });
      if (route.path === paths.holderHoldings)
        return answer(200, {
          held: [{ points: 500, partnerName: 'ＸＸカード', holdUntil: '2026-12-15' }],
          municipalities: [
            { code: 'A', name: 'A市', programmeName: 'A市ポイント', premiumPercent: 10 },
          ],
          partners: [{ serviceCode: 'A-card1-0001', partnerName: 'ＸＸカード', linked: false }],
        });
      if (route.path === paths.linkPartner)
        return answer(200, { outcome: 'registered', partnerName: 'ＸＸカード' });
      if (route.path === paths.placeHoldings)
        return answer(200, { programmeCode: 'A-P001', points: 500, premium: 50 });
      if (route.path === paths.setDefaultMunicipality)
        return answer(200, { municipalityCode: 'A' });
      if (route.path === paths.redeemCoupon)
        return answer(200, { points: 300, partnerName: 'ＸＸカード', holdUntil: '2026-12-16' });
      return answer(200, { ended: true });
    },
  };
  const controller = new KioskController({
    bridge,
    platform,
    onState: (state) => states.push(state),
    idleSeconds: 60,
    warningSeconds: 2,
    setTimer: (run) => {
      timers.push(run);
      return () => {
        const i = timers.indexOf(run);
        if (i >= 0) timers.splice(i, 1);
      };
    },
  });
  const fireTimer = () => timers.shift()?.();
  return { controller, calls, states, fireTimer, release };
}

/** A kiosk with the citizen's PIN taken and their menu showing. */
async function atMenu(options: Parameters<typeof kiosk>[0] = {}) {
  const at = kiosk(options);
  await at.controller.cardPlaced();
  await at.controller.submitPin('1234');
  expect(at.controller.current().screen.kind).toBe('menu');
  return at;
}

describe('the kiosk session', () => {
  it('shows the tries left before the PIN, and a wrong PIN costs one try and is not retried', async () => {
    const { controller, calls } = kiosk();
    await controller.cardPlaced();
    expect(controller.current().screen).toEqual({
      kind: 'pin',
      triesLeft: 3,
      busy: false,
      wrong: false,
    });
    await controller.submitPin('0000');
    expect(controller.current().screen).toEqual({
      kind: 'pin',
      triesLeft: 2,
      busy: false,
      wrong: true,
    });
    expect(calls.filter((c) => c === 'mynumber.sign')).toHaveLength(1);
  });

  it('a card with no tries left goes straight to the locked screen, and so does the third wrong PIN', async () => {
    const locked = kiosk({ triesLeft: 0 });
    await locked.controller.cardPlaced();
    expect(locked.controller.current().screen.kind).toBe('locked');
    expect(locked.calls).not.toContain('mynumber.sign');
    const { controller } = kiosk({ triesLeft: 1 });
    await controller.cardPlaced();
    await controller.submitPin('0000');
    expect(controller.current().screen.kind).toBe('locked');
  });

  it('the right PIN opens the menu with the links and the points; 【登録】 registers the default ID', async () => {
    const { controller } = kiosk();
    await controller.cardPlaced();
    await controller.submitPin('1234');
    expect(controller.current().screen).toMatchObject({
      kind: 'menu',
      defaultId: DEFAULT_ID,
      myKeyId: null,
      links: [{ serviceName: 'ポイントカード' }],
      points: [{ programmeCode: 'A-P002', balance: 120 }],
    });
    await controller.registerDefault();
    expect(controller.current()).toMatchObject({
      screen: { kind: 'menu', myKeyId: DEFAULT_ID },
      notice: { tone: 'ok', text: 'registered' },
    });
  });

  it('【解除】 asks first; only 【解除する】 removes the link, and 【やめる】 keeps it', async () => {
    const { controller, calls } = kiosk();
    await controller.cardPlaced();
    await controller.submitPin('1234');
    const removals = () => calls.filter((c) => c.endsWith('/links/remove')).length;
    await controller.removeLink();
    expect(removals()).toBe(0);
    controller.askToRemoveLink('A-a1-0001');
    expect(controller.current().screen).toMatchObject({ kind: 'menu', removing: 'A-a1-0001' });
    controller.keepLink();
    expect(controller.current().screen).not.toHaveProperty('removing');
    await controller.removeLink();
    expect(removals()).toBe(0);
    controller.askToRemoveLink('A-a1-0001');
    await controller.removeLink();
    expect(removals()).toBe(1);
    expect(controller.current()).toMatchObject({ notice: { tone: 'ok', text: 'linkRemoved' } });
    expect(controller.current().screen).not.toHaveProperty('removing');
  });

  it('a custom ID is normalised as typed; a taken one says 「仮登録ができません」 (reserveFailed)', async () => {
    const { controller, calls } = kiosk({ taken: 'TAKENTAKEN0001' });
    await controller.cardPlaced();
    await controller.submitPin('1234');
    controller.openCustom();
    controller.typeCustom('ｔａｋｅｎｔａｋｅｎ０００１');
    await controller.reserveCustom();
    expect(controller.current().notice).toEqual({ tone: 'error', text: 'reserveFailed' });
    controller.typeCustom('too short');
    const before = calls.length;
    await controller.reserveCustom();
    expect(controller.current().notice).toEqual({ tone: 'error', text: 'MYKEY_ID_INVALID' });
    expect(calls.length).toBe(before);
    controller.typeCustom('mykeyfree00001');
    await controller.reserveCustom();
    expect(controller.current()).toMatchObject({
      screen: { kind: 'menu', reservation: { myKeyId: 'MYKEYFREE00001' } },
      notice: { text: 'reserved' },
    });
  });

  it('after the idle time it warns, then clears everything and ends the platform session', async () => {
    const { controller, calls, fireTimer } = kiosk();
    await controller.cardPlaced();
    await controller.submitPin('1234');
    fireTimer(); // 60 s idle
    expect(controller.current().idleWarning).toBe(2);
    fireTimer();
    fireTimer();
    fireTimer();
    await Promise.resolve();
    expect(controller.current()).toEqual({ screen: { kind: 'start' } });
    expect(calls).toContain(KIOSK_API.endHolderSession.path);
    expect(JSON.stringify(controller.current())).not.toContain(DEFAULT_ID);
  });

  it('a touch during the warning keeps the session; taking the card away ends it at once', async () => {
    const { controller, calls, fireTimer } = kiosk();
    await controller.cardPlaced();
    await controller.submitPin('1234');
    fireTimer();
    controller.touch();
    expect(controller.current().idleWarning).toBeUndefined();
    expect(controller.current().screen.kind).toBe('menu');
    await controller.cardRemoved();
    expect(controller.current()).toEqual({ screen: { kind: 'start' } });
    expect(calls).toContain(KIOSK_API.endHolderSession.path);
  });

  it('moving held points asks first, as municipal points never go back to the partner', async () => {
    const { controller, calls } = kiosk();
    await controller.cardPlaced();
    await controller.submitPin('1234');
    expect(controller.current().screen).toMatchObject({
      kind: 'menu',
      holdings: { held: [{ points: 500 }], municipalities: [{ code: 'A', premiumPercent: 10 }] },
    });
    const placings = () => calls.filter((c) => c.endsWith('/holdings/place')).length;
    await controller.place();
    expect(placings()).toBe(0);
    controller.askToPlace('B');
    expect(controller.current().screen).not.toHaveProperty('placing');
    controller.askToPlace('A');
    controller.keepHoldings();
    await controller.place();
    expect(placings()).toBe(0);
    controller.askToPlace('A');
    await controller.place();
    expect(placings()).toBe(1);
    expect(controller.current().notice).toEqual({
      tone: 'ok',
      text: 'kioskPlaced',
      values: { n: '500', premium: '50', programme: 'A市ポイント' },
    });
  });

  it('a coupon code is checked on the kiosk: a mistyped one never reaches the platform’s guess limit', async () => {
    const { controller, calls } = kiosk();
    await controller.cardPlaced();
    await controller.submitPin('1234');
    controller.openCoupon();
    const sent = () => calls.filter((c) => c.endsWith('/coupons')).length;
    controller.typeCoupon('7K3M-Q9XD-2F8R');
    await controller.redeemCoupon();
    expect(controller.current().notice).toMatchObject({ text: 'kioskCouponLength' });
    const good = couponCodeFrom(new Uint8Array(10).fill(7));
    const wrong = `${good.slice(0, 3)}${good.charAt(3) === '0' ? '1' : '0'}${good.slice(4)}`;
    controller.typeCoupon(wrong);
    await controller.redeemCoupon();
    expect(controller.current().notice).toMatchObject({ text: 'COUPON_MISTYPED' });
    expect(sent()).toBe(0);
    controller.typeCoupon(good.toLowerCase().replace(/-/g, ''));
    await controller.redeemCoupon();
    expect(sent()).toBe(1);
    expect(controller.current()).toMatchObject({
      screen: { kind: 'menu' },
      notice: {
        tone: 'ok',
        text: 'kioskCouponRedeemed',
        values: { n: '300', partner: 'ＸＸカード' },
      },
    });
  });

  it('ID連携 with a partner takes the customer number, then its link code, checked before it is sent', async () => {
    const { controller, calls } = kiosk();
    await controller.cardPlaced();
    await controller.submitPin('1234');
    controller.openPartnerLink('A-card1-0001');
    expect(controller.current().screen).toMatchObject({ kind: 'partnerLink', step: 'number' });
    controller.partnerLinkStep('code');
    expect(controller.current()).toMatchObject({
      screen: { step: 'number' },
      notice: { text: 'kioskPartnerNumberEmpty' },
    });
    controller.typePartnerLink('ＣＡＲＤ－０００１');
    controller.partnerLinkStep('code');
    controller.typePartnerLink('7K3M');
    await controller.linkPartner();
    expect(controller.current().notice).toMatchObject({ text: 'kioskLinkCodeLength' });
    expect(calls.filter((c) => c.endsWith('/partner-links'))).toHaveLength(0);
    const code = couponCodeFrom(new Uint8Array(10).fill(3));
    controller.typePartnerLink(code);
    await controller.linkPartner();
    expect(calls.filter((c) => c.endsWith('/partner-links'))).toHaveLength(1);
    expect(controller.current()).toMatchObject({
      screen: { kind: 'menu' },
      notice: { tone: 'ok', text: 'kioskPartnerLinked', values: { partner: 'ＸＸカード' } },
    });
  });
});

describe('one guard for every press', () => {
  it('while a removal is on its way, every other press on the menu does nothing', async () => {
    const { controller, calls, release } = await atMenu({ hold: ['removeHolderLink'] });
    controller.askToRemoveLink('A-a1-0001');
    const removing = controller.removeLink();
    const busy = controller.current();
    expect(busy.screen).toMatchObject({ kind: 'menu', busy: true, removing: 'A-a1-0001' });
    const sent = calls.length;
    await controller.removeLink();
    await controller.registerDefault();
    await controller.chooseDefault('A');
    await controller.place();
    controller.keepLink();
    controller.askToPlace('A');
    controller.openCustom();
    controller.openCoupon();
    controller.openPartnerLink('A-card1-0001');
    expect(controller.current()).toBe(busy);
    expect(calls.length).toBe(sent);
    release();
    await removing;
    expect(calls.filter((c) => c.endsWith('/links/remove'))).toHaveLength(1);
    expect(controller.current()).toMatchObject({
      screen: { kind: 'menu', busy: false },
      notice: { tone: 'ok', text: 'linkRemoved' },
    });
  });

  it('while a coupon is on its way, typing, a second 【登録】 and 【戻る】 do nothing', async () => {
    const { controller, calls, release } = await atMenu({ hold: ['redeemCoupon'] });
    controller.openCoupon();
    const good = couponCodeFrom(new Uint8Array(10).fill(7));
    controller.typeCoupon(good);
    const redeeming = controller.redeemCoupon();
    const busy = controller.current();
    expect(busy.screen).toEqual({ kind: 'coupon', input: good, busy: true });
    controller.typeCoupon('');
    await controller.redeemCoupon();
    controller.backFromCoupon();
    expect(controller.current()).toBe(busy);
    release();
    await redeeming;
    expect(calls.filter((c) => c.endsWith('/coupons'))).toHaveLength(1);
    expect(controller.current().notice).toMatchObject({ text: 'kioskCouponRedeemed' });
  });

  it('a second PIN press while the first is being checked sends no second signature', async () => {
    const { controller, calls, release } = kiosk({ hold: ['issueChallenge'] });
    await controller.cardPlaced();
    const first = controller.submitPin('1234');
    expect(controller.current().screen).toMatchObject({ kind: 'pin', busy: true });
    await controller.submitPin('1234');
    release();
    await first;
    expect(calls.filter((c) => c === KIOSK_API.issueChallenge.path)).toHaveLength(1);
    expect(calls.filter((c) => c === 'mynumber.sign')).toHaveLength(1);
    expect(controller.current().screen.kind).toBe('menu');
  });
});

describe('the confirm step, the same for a link and for held points', () => {
  const kinds = [
    {
      what: 'a link',
      route: 'removeHolderLink',
      field: 'removing',
      ask: (c: KioskController) => c.askToRemoveLink('A-a1-0001'),
      confirm: (c: KioskController) => c.removeLink(),
    },
    {
      what: 'held points',
      route: 'placeHoldings',
      field: 'placing',
      ask: (c: KioskController) => c.askToPlace('A'),
      confirm: (c: KioskController) => c.place(),
    },
  ] as const;

  it.each(kinds)('$what: a refusal withdraws the question and says why', async (kind) => {
    const { controller, calls } = await atMenu({
      refuse: { [kind.route]: 'HOLDER_SESSION_INVALID' },
    });
    kind.ask(controller);
    expect(controller.current().screen).toHaveProperty(kind.field);
    await kind.confirm(controller);
    expect(calls).toContain(KIOSK_API[kind.route].path);
    expect(controller.current()).toMatchObject({
      screen: { kind: 'menu', busy: false },
      notice: { tone: 'error', text: 'HOLDER_SESSION_INVALID' },
    });
    expect(controller.current().screen).not.toHaveProperty(kind.field);
  });

  it.each(kinds)('$what: done, the menu is read afresh without the question', async (kind) => {
    const { controller, calls } = await atMenu();
    const reads = () => calls.filter((c) => c === KIOSK_API.holderLinks.path).length;
    kind.ask(controller);
    await kind.confirm(controller);
    expect(reads()).toBe(2);
    expect(controller.current().screen).toMatchObject({ kind: 'menu', busy: false });
    expect(controller.current().screen).not.toHaveProperty(kind.field);
  });
});

describe('the other menu steps', () => {
  it('基本自治体: the chosen municipality is named; a refusal keeps the menu and says why', async () => {
    const { controller } = await atMenu();
    await controller.chooseDefault('A');
    expect(controller.current()).toMatchObject({
      screen: { kind: 'menu', busy: false },
      notice: { tone: 'ok', text: 'kioskDefaultSet', values: { municipality: 'A市' } },
    });
    const refused = await atMenu({ refuse: { setDefaultMunicipality: 'HOLDER_SESSION_INVALID' } });
    await refused.controller.chooseDefault('A');
    expect(refused.controller.current()).toMatchObject({
      screen: { kind: 'menu', busy: false },
      notice: { tone: 'error', text: 'HOLDER_SESSION_INVALID' },
    });
  });

  it('a refused coupon keeps what was typed, no longer busy, with the reason', async () => {
    const { controller } = await atMenu({ refuse: { redeemCoupon: 'HOLDER_SESSION_INVALID' } });
    controller.openCoupon();
    const good = couponCodeFrom(new Uint8Array(10).fill(7));
    controller.typeCoupon(good);
    await controller.redeemCoupon();
    expect(controller.current()).toEqual({
      screen: { kind: 'coupon', input: good, busy: false },
      notice: { tone: 'error', text: 'HOLDER_SESSION_INVALID' },
    });
  });

  it('【戻る】 from the custom ID, the coupon and the partner link reads the menu afresh', async () => {
    const { controller, calls } = await atMenu();
    const reads = () => calls.filter((c) => c === KIOSK_API.holderLinks.path).length;
    const backs = [
      [() => controller.openCustom(), () => controller.backToMenu()],
      [() => controller.openCoupon(), () => controller.backFromCoupon()],
      [() => controller.openPartnerLink('A-card1-0001'), () => controller.backFromPartnerLink()],
    ] as const;
    for (const [open, back] of backs) {
      const before = reads();
      open();
      expect(controller.current().screen.kind).not.toBe('menu');
      back();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(reads()).toBe(before + 1);
      expect(controller.current().screen).toMatchObject({ kind: 'menu', busy: false });
    }
  });

  describe('an answer that comes back after the citizen has left shows nothing of theirs', () => {
    /** Every state shown after the card left: the start screen only, never a menu. */
    function afterLeaving(states: KioskState[], leftAt: number) {
      return states.slice(leftAt).map((state) => state.screen.kind);
    }

    it('a removal refused after the card was taken away does not bring the menu back', async () => {
      const at = await atMenu({
        hold: ['removeHolderLink'],
        refuse: { removeHolderLink: 'HOLDER_SESSION_INVALID' },
      });
      at.controller.askToRemoveLink('A-a1-0001');
      const removing = at.controller.removeLink();
      await at.controller.cardRemoved();
      const leftAt = at.states.length;
      at.release();
      await removing;
      expect(at.controller.current()).toEqual({ screen: { kind: 'start' } });
      expect(afterLeaving(at.states, leftAt)).toEqual([]);
    });

    it('a removal that succeeds after the card was taken away does not read the menu again', async () => {
      const at = await atMenu({ hold: ['removeHolderLink'] });
      at.controller.askToRemoveLink('A-a1-0001');
      const removing = at.controller.removeLink();
      await at.controller.cardRemoved();
      const leftAt = at.states.length;
      const reads = at.calls.filter((c) => c === KIOSK_API.holderLinks.path).length;
      at.release();
      await removing;
      expect(at.controller.current()).toEqual({ screen: { kind: 'start' } });
      expect(afterLeaving(at.states, leftAt)).toEqual([]);
      expect(at.calls.filter((c) => c === KIOSK_API.holderLinks.path)).toHaveLength(reads);
    });

    it('a menu still being read when the card leaves is never shown', async () => {
      const at = kiosk({ hold: ['holderLinks'] });
      await at.controller.cardPlaced();
      const opening = at.controller.submitPin('1234');
      await new Promise((resolve) => setTimeout(resolve, 0));
      await at.controller.cardRemoved();
      const leftAt = at.states.length;
      at.release();
      await opening;
      expect(at.controller.current()).toEqual({ screen: { kind: 'start' } });
      expect(afterLeaving(at.states, leftAt)).toEqual([]);
    });

    it('a session opened after the card left is ended at once, and the next card starts afresh', async () => {
      const at = kiosk({ hold: ['openHolderSession'] });
      await at.controller.cardPlaced();
      const opening = at.controller.submitPin('1234');
      await new Promise((resolve) => setTimeout(resolve, 0));
      await at.controller.cardRemoved();
      const ends = at.calls.filter((c) => c === KIOSK_API.endHolderSession.path).length;
      at.release();
      await opening;
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(at.controller.current()).toEqual({ screen: { kind: 'start' } });
      expect(at.calls.filter((c) => c === KIOSK_API.endHolderSession.path)).toHaveLength(ends + 1);
      expect(at.calls).not.toContain(KIOSK_API.holderLinks.path);
      await at.controller.cardPlaced();
      expect(at.controller.current().screen).toMatchObject({ kind: 'pin', busy: false });
    });
  });
});
