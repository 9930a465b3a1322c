import type { PlatformResult } from '../../terminal/platform-client';
import type { KioskNotice, MenuScreen } from '../kiosk-screen';
import { type At, type Kiosk, type Session, send } from './step';

/**
 * Something on the menu the kiosk asks about before it is done, since the citizen could not undo
 * it there (a link removed, held points moved): the press asks, 【やめる】 keeps things as they were,
 * and only the confirming press sends it.
 */
export interface Question<T> {
  /** The menu's field that holds what the citizen pressed while the question waits. */
  field: 'removing' | 'placing';
  /** Whether the menu offers it: a press on something the menu does not show asks nothing. */
  offers(menu: MenuScreen, code: string): boolean;
  send(kiosk: Kiosk, session: Session, code: string): Promise<PlatformResult<T>>;
  /** What the citizen is told once it is done. */
  done(menu: MenuScreen, code: string, answer: T): KioskNotice;
}

function without(menu: MenuScreen, field: Question<unknown>['field']): MenuScreen {
  const { [field]: _, ...rest } = menu;
  return rest;
}

export function ask<T>({ kiosk, screen }: At<'menu'>, question: Question<T>, code: string): void {
  if (question.offers(screen, code)) kiosk.show({ ...screen, [question.field]: code });
}

export function keep<T>({ kiosk, screen }: At<'menu'>, question: Question<T>): void {
  kiosk.show(without(screen, question.field));
}

/** The confirming press: sent only when the question was asked; a refusal withdraws it. */
export async function confirm<T>(at: At<'menu'>, question: Question<T>): Promise<void> {
  const code = at.screen[question.field];
  if (code === undefined) return;
  const menu = without(at.screen, question.field);
  const answer = await send(at, () => question.send(at.kiosk, at.holder, code), { restore: menu });
  if (answer !== undefined) await at.kiosk.showMenu(question.done(menu, code, answer));
}
