import { afterEach, describe, expect, it, vi } from 'vitest';
import { ui } from './messages';

describe('the sentences of each mode', () => {
  afterEach(() => vi.restoreAllMocks());

  it("has the kiosk's sentences only once the kiosk (or window) mode has loaded them", async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    // Asked for too early, a sentence shows as its key and says so: never a crash.
    expect(ui('kioskPinWrong', 'ja')).toBe('kioskPinWrong');
    expect(error).toHaveBeenCalledWith('no sentence "kioskPinWrong" is loaded');
    await import('../kiosk/kiosk-sentences');
    expect(ui('kioskPinWrong', 'ja')).toBe('暗証番号が違います。');
    expect(ui('kioskPinWrong', 'en')).toBe('The PIN is wrong.');
    // The counter's own sentences were there all along.
    expect(ui('register', 'ja')).toBe('登録');
  });
});
