import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAIRING_CODE_TTL_MS, PairingCode, PairingRateLimit, PairingStore } from './pairings';

describe('pairing codes', () => {
  it('work for two minutes from when they were shown, and not a moment after', () => {
    const shownAt = 1_000_000;
    expect(PAIRING_CODE_TTL_MS).toBe(120_000);
    const inTime = new PairingCode(shownAt);
    expect(inTime.check(inTime.code, shownAt + 119_999)).toBe('ok');
    const late = new PairingCode(shownAt);
    expect(late.check(late.code, shownAt + 120_001)).toBe('expired');
  });

  it('are six digits, and a wrong one does not spend the code until the third', () => {
    const pairing = new PairingCode(0);
    expect(pairing.code).toMatch(/^\d{6}$/);
    const wrong = pairing.code === '000000' ? '000001' : '000000';
    expect(pairing.check(wrong, 1)).toBe('wrong');
    expect(pairing.check(pairing.code, 2)).toBe('ok');
  });
});

describe('the pairing rate limit as shipped', () => {
  it('shows at most five codes a minute across all connections, then again after the minute', () => {
    const limit = new PairingRateLimit();
    const start = 5_000_000;
    for (let i = 0; i < 5; i++) expect(limit.allow(start + i * 1_000)).toBe(true);
    expect(limit.allow(start + 10_000)).toBe(false);
    expect(limit.allow(start + 59_999)).toBe(false);
    expect(limit.allow(start + 60_000)).toBe(true);
  });
});

describe('the paired sites', () => {
  it('are listed, and one removed from the command line is no longer trusted by the running bridge', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mykey-pairings-'));
    try {
      const file = join(dir, 'pairings.json');
      const running = await PairingStore.open(file);
      const shop = await running.pair('https://reception.city.example.jp');
      const other = await running.pair('http://127.0.0.1:8787');
      // `npm run start:bridge -- pairings` reads the same file.
      const command = await PairingStore.open(file);
      expect(command.list().map((p) => p.origin)).toEqual([
        'https://reception.city.example.jp',
        'http://127.0.0.1:8787',
      ]);
      expect(JSON.stringify(command.list())).not.toContain(shop);
      expect(await command.remove('https://reception.city.example.jp')).toBe(1);
      expect(await command.remove('https://reception.city.example.jp')).toBe(0);
      expect(running.isPaired('https://reception.city.example.jp', shop)).toBe(false);
      expect(running.isPaired('http://127.0.0.1:8787', other)).toBe(true);
      // A pairing made afterwards does not bring the removed one back.
      await running.pair('http://127.0.0.1:9000');
      expect((await PairingStore.open(file)).list().map((p) => p.origin)).toEqual([
        'http://127.0.0.1:8787',
        'http://127.0.0.1:9000',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are listed and removed by `npm run start:bridge -- pairings`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mykey-pairings-'));
    try {
      const store = await PairingStore.open(join(dir, 'pairings.json'));
      await store.pair('http://127.0.0.1:8787');
      const run = (...args: string[]) =>
        spawnSync(
          process.execPath,
          ['--import', 'tsx', 'bridge/main.ts', 'pairings', ...args, '--data-dir', dir],
          { encoding: 'utf8' },
        );
      expect(run('list').stdout).toContain('http://127.0.0.1:8787');
      const removed = run('remove', 'http://127.0.0.1:8787');
      expect([removed.status, removed.stdout]).toEqual([
        0,
        expect.stringContaining('ペアリングを削除しました'),
      ]);
      const none = run('remove', 'http://127.0.0.1:8787');
      expect(none.status).toBe(1);
      expect(run().stdout).toContain('ペアリング済みのサイトはありません');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
