import { afterEach, describe, expect, it, vi } from 'vitest';
import { ui } from './messages';

describe('the sentences of each mode', () => {
  afterEach(() => vi.restoreAllMocks());

  it("has the kiosk's sentences in the kiosk's own book only, which loads with the kiosk", async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    // Asked of the shared book (the first load's), a kiosk sentence shows as its key and says so:
    // never a crash.
    expect(ui('kioskPinWrong' as never, 'ja')).toBe('kioskPinWrong');
    expect(error).toHaveBeenCalledWith('no sentence "kioskPinWrong" in this book');
    const kiosk = await import('../kiosk/kiosk-sentences');
    expect(kiosk.ui('kioskPinWrong', 'ja')).toBe('暗証番号が違います。');
    expect(kiosk.ui('kioskPinWrong', 'en')).toBe('The PIN is wrong.');
    // The shared sentences are in every book, and the shared book is as it was.
    expect(kiosk.ui('register', 'ja')).toBe('登録');
    expect(ui('register', 'ja')).toBe('登録');
    expect(ui('kioskPinWrong' as never, 'ja')).toBe('kioskPinWrong');
  });
});
