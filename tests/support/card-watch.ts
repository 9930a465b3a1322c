import { afterEach, expect } from 'vitest';
import { forbiddenSelectionListeners } from '../../bridge/simulate/virtual-jpki-card';

/**
 * Part of every test file (vitest setupFiles): a virtual My Number card anywhere in this process
 * (a unit test's, the simulated readers behind the app's bridge, or one behind vpcd and the real
 * pcscd) that is asked to select any application but the JPKI AP fails the test that was running.
 */
const selected: string[] = [];
forbiddenSelectionListeners.add((aid) => {
  selected.push(aid);
});

afterEach(() => {
  const seen = selected.splice(0);
  expect(seen, 'an application other than the JPKI AP was selected on a My Number card').toEqual(
    [],
  );
});
