import { MAX_WAITS_PER_CONNECTION } from '../../core/bridge/protocol';

/** Card requests unanswered at once across every connection (each connection: the protocol's 8). */
export const MAX_WAITS_TOTAL = 32;

/** One card request unanswered: its id (what a `cancel` names) and what ends its wait. */
export interface Wait {
  id: string;
  controller: AbortController;
}

/** The card requests unanswered now across every connection: what MAX_WAITS_TOTAL bounds. */
export interface WaitsHeld {
  held: number;
}

/**
 * A place for one more card request (a reused id takes another), or undefined when this
 * connection or the bridge is full: none is queued beyond the bound, so a page cannot make the
 * bridge hold listeners without end.
 */
export function holdWait(waiting: Set<Wait>, all: WaitsHeld, id: string): Wait | undefined {
  if (waiting.size >= MAX_WAITS_PER_CONNECTION || all.held >= MAX_WAITS_TOTAL) return undefined;
  const wait = { id, controller: new AbortController() };
  waiting.add(wait);
  all.held += 1;
  return wait;
}

/** Gives the place back, once however often it is called (the answer and a closed page may both). */
export function releaseWait(waiting: Set<Wait>, all: WaitsHeld, wait: Wait): void {
  if (waiting.delete(wait)) all.held -= 1;
}

/** 【取消】: ends every wait with the id `target`; whether there was one. */
export function cancelWaits(waiting: ReadonlySet<Wait>, target: string): boolean {
  let cancelled = false;
  for (const wait of waiting) {
    if (wait.id !== target) continue;
    wait.controller.abort();
    cancelled = true;
  }
  return cancelled;
}

/** Ends every wait (a page that went, a pairing removed); each gives its place back as it ends. */
export function endWaits(waiting: ReadonlySet<Wait>, reason?: unknown): void {
  for (const wait of waiting) wait.controller.abort(reason);
}
