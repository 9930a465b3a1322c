import { KIOSK_API } from '../../../core/api/routes/kiosk';
import { readCouponCode } from '../../../core/points/coupon-code';
import { type At, send } from './step';

/** クーポンコード: typed on the kiosk's keys. */
export function openCoupon({ kiosk }: At<'menu'>): void {
  kiosk.show({ kind: 'coupon', input: '', busy: false });
}

export function typeCoupon({ kiosk, screen }: At<'coupon'>, text: string): void {
  kiosk.show({ ...screen, input: text });
}

/**
 * 【登録】: a code is checked here first (its check character catches a mistyped one), so only a
 * code that could be real reaches the platform, whose guess limit counts every unknown code.
 */
export async function redeemCoupon(at: At<'coupon'>): Promise<void> {
  const { kiosk, holder, screen } = at;
  const read = readCouponCode(screen.input);
  if (!read.ok)
    return kiosk.show(screen, {
      tone: 'error',
      text: read.reason === 'length' ? 'kioskCouponLength' : 'COUPON_MISTYPED',
    });
  const answer = await send(at, () =>
    kiosk.platform.call(KIOSK_API.redeemCoupon, {
      sessionToken: holder.sessionToken,
      code: read.code,
    }),
  );
  if (answer === undefined) return;
  await kiosk.showMenu({
    tone: 'ok',
    text: 'kioskCouponRedeemed',
    values: { n: answer.points.toLocaleString(), partner: answer.partnerName },
  });
}
