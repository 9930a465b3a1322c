import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { emptyQueue, initialRegistration, type ReceptionState, store } from './store';
import { watchSlice } from './use-reception';

/** The registration screen's part of the store, as RegisterScreen selects it. */
const registrationPart = (s: ReceptionState) => ({
  language: s.language,
  registration: s.registration,
});

describe('a component hears only the part of the store it shows', () => {
  it('is not told of a change elsewhere (the queue), and is told of its own (the registration)', () => {
    const reception = createStore<ReceptionState>(() => store.getState());
    const heard: unknown[] = [];
    const stop = watchSlice(reception, registrationPart, (next) => heard.push(next));
    reception.setState({ queue: { ...emptyQueue, pending: 3 } });
    reception.setState({ online: false, readers: [] });
    expect(heard).toHaveLength(0);
    reception.setState({ registration: { ...initialRegistration, busy: true } });
    expect(heard).toEqual([{ language: 'ja', registration: { step: 1, busy: true } }]);
    reception.setState({ language: 'en' });
    expect(heard).toHaveLength(2);
    stop();
    reception.setState({ language: 'ja' });
    expect(heard).toHaveLength(2);
  });

  it('hears a change made between the render and the subscription', () => {
    const reception = createStore<ReceptionState>(() => store.getState());
    const seen = registrationPart(reception.getState());
    reception.setState({ language: 'en' });
    const heard: unknown[] = [];
    watchSlice(reception, registrationPart, (next) => heard.push(next), seen);
    expect(heard).toEqual([{ language: 'en', registration: initialRegistration }]);
  });
});
