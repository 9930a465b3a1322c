/**
 * Readings for hard kanji on the kiosk (振り仮名). Sentences mark a word as `{漢字|かんじ}`; the
 * kiosk shows the reading above it, and everywhere else (notices, labels, tests) the plain
 * sentence is used.
 */
export interface RubySegment {
  text: string;
  reading?: string;
}

const MARKED_WORD = /\{([^{}|]+)\|([^{}|]+)\}/g;

/** The sentence as runs of plain text and words with their readings, in order. */
export function rubySegments(marked: string): RubySegment[] {
  const segments: RubySegment[] = [];
  let from = 0;
  for (const match of marked.matchAll(MARKED_WORD)) {
    if (match.index > from) segments.push({ text: marked.slice(from, match.index) });
    segments.push({ text: match[1] as string, reading: match[2] as string });
    from = match.index + match[0].length;
  }
  if (from < marked.length) segments.push({ text: marked.slice(from) });
  return segments;
}

/** The sentence as it reads without readings. */
export function withoutRuby(marked: string): string {
  return marked.replace(MARKED_WORD, '$1');
}

/** Marks the first appearance of each word of `readings` in a sentence without marks. */
export function markReadings(sentence: string, readings: Readonly<Record<string, string>>): string {
  const words = Object.keys(readings).sort((a, b) => b.length - a.length);
  if (words.length === 0 || sentence.includes('{')) return sentence;
  const seen = new Set<string>();
  return sentence.replace(new RegExp(words.join('|'), 'g'), (word) => {
    if (seen.has(word)) return word;
    seen.add(word);
    return `{${word}|${readings[word]}}`;
  });
}
