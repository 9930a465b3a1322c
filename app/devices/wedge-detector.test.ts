import { describe, expect, it } from 'vitest';
import { codabarToServiceId, WedgeDetector } from './wedge-detector';

const feedAll = (detector: WedgeDetector, keys: string[], start: number, gap: number) =>
  keys.map((key, i) => detector.feed(key, start + i * gap)).filter((r) => r !== undefined);

describe('keyboard-wedge scanners', () => {
  it('take a fast burst ending in Enter as a scan', () => {
    const detector = new WedgeDetector();
    expect(feedAll(detector, [...'A0012345B', 'Enter'], 1000, 8)).toEqual(['A0012345B']);
  });

  it('do not take a person typing (slow keys) as a scan', () => {
    const detector = new WedgeDetector();
    expect(feedAll(detector, [...'0012345', 'Enter'], 1000, 150)).toEqual([]);
  });

  it('start a new code after a pause, dropping what was typed by hand before', () => {
    const detector = new WedgeDetector();
    feedAll(detector, [...'99'], 0, 200);
    expect(feedAll(detector, [...'12345678', 'Enter'], 5000, 5)).toEqual(['12345678']);
  });

  it('ignore a burst too short to be a code', () => {
    const detector = new WedgeDetector();
    expect(feedAll(detector, [...'12', 'Enter'], 0, 5)).toEqual([]);
  });
});

describe('NW-7 (Codabar) library card numbers', () => {
  it('drop the start and stop characters', () => {
    expect(codabarToServiceId('A0012345678B')).toBe('0012345678');
    expect(codabarToServiceId('c1234d')).toBe('1234');
    expect(codabarToServiceId('0012345678')).toBe('0012345678');
    expect(codabarToServiceId('ABCD')).toBe('ABCD');
  });
});
