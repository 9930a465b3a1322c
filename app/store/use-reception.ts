import { useEffect, useReducer, useRef } from 'preact/hooks';
import { type ReceptionState, store } from './store';

type Select<T> = (state: ReceptionState) => T;

/**
 * Whether two selections are the same: the same value, or plain objects whose fields are each the
 * same value (a selector returns a few of the store's fields). zustand's own `shallow` also walks
 * Maps and Sets, which no selector returns: not worth its bytes in the first load.
 */
function sameSelection(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) =>
    Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/**
 * Calls `changed` when what `select` picks out of the store changes (compared field by field),
 * and only then: a screen that shows the registration does not hear the queue's count change.
 * Returns the unsubscribe.
 */
export function watchSlice<T>(
  source: Pick<typeof store, 'getState' | 'subscribe'>,
  select: Select<T>,
  changed: (next: T) => void,
  seen: T = select(source.getState()),
): () => void {
  let last = seen;
  const check = () => {
    const next = select(source.getState());
    if (sameSelection(next, last)) return;
    last = next;
    changed(next);
  };
  const unsubscribe = source.subscribe(check);
  // A change between the render that read `seen` and this subscription would otherwise be lost.
  check();
  return unsubscribe;
}

/**
 * The part of the store a component shows (a selector returning a few top-level fields, or
 * values): the component renders again when that part changes, not on every store change.
 */
export function useReception<T>(select: Select<T>): T {
  const [, rendered] = useReducer((n: number) => n + 1, 0);
  const current = select(store.getState());
  const shown = useRef(current);
  shown.current = current;
  useEffect(() => watchSlice(store, select, rendered, shown.current), [select]);
  return current;
}
