import { KIOSK_API } from '../../../core/api/routes/kiosk';
import { readCouponCode } from '../../../core/points/coupon-code';
import { type At, send } from './step';

/** A customer number as typed on a kiosk or a keyboard: full-width folded, no spaces. */
export const customerNumber = (typed: string): string => typed.normalize('NFKC').replace(/\s/g, '');

/** ID連携 with a partner: its customer number, then the 連携コード its site gave the customer. */
export function openPartnerLink({ kiosk, screen }: At<'menu'>, serviceCode: string): void {
  const partner = screen.holdings?.partners.find((p) => p.serviceCode === serviceCode);
  if (partner === undefined) return;
  kiosk.show({
    kind: 'partnerLink',
    serviceCode,
    partnerName: partner.partnerName,
    step: 'number',
    customerId: '',
    code: '',
    busy: false,
  });
}

export function typePartnerLink({ kiosk, screen }: At<'partnerLink'>, text: string): void {
  kiosk.show(
    screen.step === 'number' ? { ...screen, customerId: text } : { ...screen, code: text },
  );
}

/** 【次へ】 from the number to the code; 【戻る】 from the code to the number. */
export function partnerLinkStep(
  { kiosk, screen }: At<'partnerLink'>,
  step: 'number' | 'code',
): void {
  if (step === 'code' && customerNumber(screen.customerId) === '')
    kiosk.show(screen, { tone: 'error', text: 'kioskPartnerNumberEmpty' });
  else kiosk.show({ ...screen, step });
}

/** 【連携する】: the code is read here first, as a coupon code is. */
export async function linkPartner(at: At<'partnerLink'>): Promise<void> {
  const { kiosk, holder, screen } = at;
  const read = readCouponCode(screen.code);
  if (!read.ok)
    return kiosk.show(screen, {
      tone: 'error',
      text: read.reason === 'length' ? 'kioskLinkCodeLength' : 'LINK_CODE_MISTYPED',
    });
  const answer = await send(at, () =>
    kiosk.platform.call(KIOSK_API.linkPartner, {
      sessionToken: holder.sessionToken,
      serviceCode: screen.serviceCode,
      customerId: customerNumber(screen.customerId),
      code: read.code,
    }),
  );
  if (answer === undefined) return;
  await kiosk.showMenu({
    tone: 'ok',
    text: 'kioskPartnerLinked',
    values: { partner: answer.partnerName },
  });
}
