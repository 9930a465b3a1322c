/**
 * Tells a keyboard-wedge barcode scanner from a person typing: a scanner "types" a whole code in
 * a burst (a few ms between keys) and ends it with Enter. Pure: it is fed keys and times.
 */
export const MAX_GAP_MS = 40;
export const MIN_LENGTH = 4;

export class WedgeDetector {
  private buffer = '';
  private lastAt = Number.NEGATIVE_INFINITY;

  /** Feeds one key; returns the scanned code when a burst ends with Enter. */
  feed(key: string, at: number): string | undefined {
    const gap = at - this.lastAt;
    this.lastAt = at;
    if (key === 'Enter') {
      const code = this.buffer;
      this.buffer = '';
      return gap <= MAX_GAP_MS && code.length >= MIN_LENGTH ? code : undefined;
    }
    if (key.length !== 1) {
      this.buffer = '';
      return undefined;
    }
    // A slow key starts a new burst: what came before was a person typing.
    this.buffer = gap <= MAX_GAP_MS ? this.buffer + key : key;
    return undefined;
  }
}

/**
 * NW-7 (Codabar) library cards carry start/stop characters A–D around the number; scanners often
 * send them. The service ID is the number between them.
 */
export function codabarToServiceId(text: string): string {
  const match = /^[A-Da-d]([0-9$:/.+-]+)[A-Da-d]$/.exec(text.trim());
  return match?.[1] ?? text.trim();
}
