import { KIOSK_API } from '../../../core/api/routes/kiosk';
import { parseTypedMyKeyId } from '../../../core/mykey-id';
import { type At, send } from './step';

/** (1) 【登録】: the certificate's default random string becomes the My Key ID. */
export async function registerDefault(at: At<'menu'>): Promise<void> {
  const { kiosk, holder, screen } = at;
  const answer = await send(at, () =>
    kiosk.platform.call(KIOSK_API.registerDefaultMyKeyId, {
      certificate: holder.certificate,
      sessionToken: holder.sessionToken,
    }),
  );
  if (answer === undefined) return;
  await kiosk.showMenu(
    { tone: 'ok', text: 'registered' },
    { myKeyId: answer.myKeyId, reservation: screen.reservation },
  );
}

export function openCustom({ kiosk, screen }: At<'menu'>): void {
  kiosk.show({ kind: 'custom', defaultId: screen.defaultId, input: '', busy: false });
}

/** What the citizen types, normalised as they type (full-width, lower case on a Japanese IME). */
export function typeCustom({ kiosk, screen }: At<'custom'>, text: string): void {
  kiosk.show({ ...screen, input: text });
}

/** (2) 【仮登録】: a custom ID held until 本登録 at the window. */
export async function reserveCustom(at: At<'custom'>): Promise<void> {
  const { kiosk, holder, screen } = at;
  const parsed = parseTypedMyKeyId(screen.input);
  if (!parsed.ok) return kiosk.show(screen, { tone: 'error', text: 'MYKEY_ID_INVALID' });
  const answer = await send(
    at,
    () =>
      kiosk.platform.call(KIOSK_API.reserveCustomMyKeyId, {
        certificate: holder.certificate,
        sessionToken: holder.sessionToken,
        myKeyId: parsed.myKeyId,
      }),
    { text: (code) => (code === 'MYKEY_TAKEN' ? 'reserveFailed' : code) },
  );
  if (answer === undefined) return;
  await kiosk.showMenu(
    { tone: 'ok', text: 'reserved' },
    { myKeyId: null, reservation: { myKeyId: answer.myKeyId, expiresAt: answer.expiresAt } },
  );
}
