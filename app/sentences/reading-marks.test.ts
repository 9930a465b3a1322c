import { describe, expect, it } from 'vitest';
import { ANALYTICS_SENTENCES } from '../analytics/analytics-sentences';
import { KIOSK_READINGS, KIOSK_SENTENCES } from '../kiosk/kiosk-sentences';
import { POINTS_SENTENCES } from '../points/points-sentences';
import { SETUP_SENTENCES } from '../setup/setup-sentences';
import { WINDOW_SENTENCES } from '../window/window-sentences';
import { SHARED_SENTENCES } from './messages';
import { markReadings, rubySegments, withoutRuby } from './reading-marks';

describe('readings for hard kanji', () => {
  it('splits a sentence into plain runs and marked words with their readings', () => {
    expect(rubySegments('{暗証番号|あんしょうばんごう}を{入力|にゅうりょく}してください')).toEqual([
      { text: '暗証番号', reading: 'あんしょうばんごう' },
      { text: 'を' },
      { text: '入力', reading: 'にゅうりょく' },
      { text: 'してください' },
    ]);
  });

  it('leaves a sentence without marks, and a {placeholder} without a reading, as it is', () => {
    expect(rubySegments('URL({serviceId})')).toEqual([{ text: 'URL({serviceId})' }]);
    expect(withoutRuby('URL({serviceId})')).toBe('URL({serviceId})');
  });

  it('reads the same without readings as the plain sentence', () => {
    expect(withoutRuby('{市区町村|しくちょうそん}の{窓口|まどぐち}へ')).toBe('市区町村の窓口へ');
  });

  it('marks only in Japanese, every mark closed, and the readings in hiragana', () => {
    const every = {
      ...SHARED_SENTENCES,
      ...KIOSK_SENTENCES,
      ...WINDOW_SENTENCES,
      ...POINTS_SENTENCES,
      ...SETUP_SENTENCES,
      ...ANALYTICS_SENTENCES,
    };
    for (const [key, sentence] of Object.entries(every)) {
      expect(withoutRuby(sentence.en), key).toBe(sentence.en);
      // What is left are placeholders such as {serviceId}, filled in where the sentence is used.
      const left = withoutRuby(sentence.ja).replace(/\{[a-zA-Z]+\}/g, '');
      expect(left, key).not.toMatch(/[{}|]/);
      for (const segment of rubySegments(sentence.ja))
        if (segment.reading !== undefined) expect(segment.reading, key).toMatch(/^[ぁ-ゖー]+$/);
    }
  });

  it('marks the first appearance of each hard word in a sentence from core, and reads the same without', () => {
    const sentence = 'この電子証明書は失効しています。市区町村の窓口にお問い合わせください。';
    const marked = markReadings(sentence, KIOSK_READINGS);
    expect(marked).toBe(
      'この{電子証明書|でんししょうめいしょ}は{失効|しっこう}しています。{市区町村|しくちょうそん}の{窓口|まどぐち}にお問い合わせください。',
    );
    expect(withoutRuby(marked)).toBe(sentence);
    expect(markReadings('暗証番号が違います。暗証番号を確認してください。', KIOSK_READINGS)).toBe(
      '{暗証番号|あんしょうばんごう}が違います。暗証番号を確認してください。',
    );
  });

  it('every kiosk reading is hiragana', () => {
    for (const [word, reading] of Object.entries(KIOSK_READINGS))
      expect(reading, word).toMatch(/^[ぁ-ゖー]+$/);
  });
});
