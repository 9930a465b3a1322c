import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  currentVersion,
  NO_FILE,
  parsePairings,
  readPairingsLocked,
  readPairingsNow,
  writePairingsFile,
} from './pairings-file';

const pairing = {
  origin: 'http://127.0.0.1:8787',
  tokenSha256: 'ab'.repeat(32),
  pairedAt: '2026-12-03T10:00:00.000Z',
};

describe('the pairings file as text', () => {
  it('is a JSON array of pairings; anything else holds no pairing', () => {
    expect(parsePairings(JSON.stringify([pairing]))).toEqual([pairing]);
    expect(parsePairings('{"origin":"http://127.0.0.1:8787"}')).toEqual([]);
    expect(parsePairings('null')).toEqual([]);
    expect(parsePairings('[{"origin"')).toEqual([]);
  });
});

describe('the pairings file on disk', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pairings-file-'));
    file = join(dir, 'pairings.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('that is not there reads as nobody paired, at version "none"', async () => {
    expect(currentVersion(file)).toBe(NO_FILE);
    expect(readPairingsNow(file)).toEqual([]);
    expect(await readPairingsLocked(file)).toEqual({ pairings: [], version: NO_FILE });
  });

  it('that is not ours reads as nobody paired, both at once and under the lock', async () => {
    writeFileSync(file, '{"paired": true}');
    expect(readPairingsNow(file)).toEqual([]);
    expect((await readPairingsLocked(file)).pairings).toEqual([]);
  });

  it('is written whole, leaves no temporary file, and each write is a new version', async () => {
    const first = await writePairingsFile(file, [pairing]);
    expect(first).toBe(currentVersion(file));
    expect(readPairingsNow(file)).toEqual([pairing]);
    const second = await writePairingsFile(file, []);
    expect(second).not.toBe(first);
    expect(await readPairingsLocked(file)).toEqual({ pairings: [], version: second });
    expect(readdirSync(dir)).toEqual(['pairings.json']);
  });
});
