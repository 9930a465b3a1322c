import { KIOSK_API } from '../../../core/api/routes/kiosk';
import type { At } from './step';

/** The citizen pressed 【確認】 with four digits. One attempt per press, never more. */
export async function submitPin({ kiosk, screen, holder }: At<'pin'>, pin: string): Promise<void> {
  if (!/^\d{4}$/.test(pin)) return kiosk.show(screen, { tone: 'error', text: 'pinFourDigits' });
  kiosk.show({ ...screen, busy: true });
  const challenge = await kiosk.platform.call(KIOSK_API.issueChallenge, {});
  if (!challenge.ok) return kiosk.show(screen, { tone: 'error', text: challenge.code });
  const signed = await kiosk.bridge('mynumber.sign', {
    challenge: challenge.value.challenge,
    pin,
    waitMs: 5000,
  });
  if (!signed.ok) {
    if (signed.code === 'PIN_WRONG')
      return kiosk.show({
        kind: 'pin',
        triesLeft: signed.triesLeft ?? 0,
        busy: false,
        wrong: true,
      });
    if (signed.code === 'PIN_BLOCKED') return kiosk.show({ kind: 'locked' });
    return kiosk.show(screen, { tone: 'error', text: signed.code });
  }
  const session = await kiosk.platform.call(KIOSK_API.openHolderSession, {
    certificate: holder.certificate,
    proof: { challengeId: challenge.value.challengeId, signature: signed.result.signature },
  });
  if (!session.ok) return kiosk.show({ kind: 'error', code: session.code });
  const { sessionToken, myKeyId, reservation } = session.value;
  kiosk.opened({ ...holder, sessionToken, myKeyId, reservation });
  await kiosk.showMenu();
}
