import { beforeEach, describe, expect, it } from 'vitest';
import { emptyQueue, initialRegistration, store } from '../store/store';
import { canUpdateNow } from './updates';

describe('a new version', () => {
  beforeEach(() => store.setState({ registration: initialRegistration, queue: emptyQueue }));

  it('may be installed when nothing is queued and no registration is under way', () => {
    expect(canUpdateNow()).toBe(true);
  });

  it('waits while registrations are queued', () => {
    store.setState({
      queue: { ...emptyQueue, pending: 3, oldestCreatedAt: 1 },
    });
    expect(canUpdateNow()).toBe(false);
  });

  it('waits in the middle of a registration (a card read, not yet registered)', () => {
    store.setState({ registration: { step: 2, myKeyId: 'ABCDEFGHIJKLMN', busy: false } });
    expect(canUpdateNow()).toBe(false);
    store.setState({ registration: { step: 'done', busy: false } });
    expect(canUpdateNow()).toBe(true);
  });
});
