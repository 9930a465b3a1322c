import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAIRING_CODE_TTL_MS, PairingCode, PairingRateLimit } from './pairing-codes';
import { PairingStore } from './pairings';
import { LOCK_STALE_MS } from './pairings-lock';

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

const SHOP = 'https://reception.city.example.jp';
const APP = 'http://127.0.0.1:8787';
const LATER = 'http://127.0.0.1:9000';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A gate a store's change stops at, between reading the file and writing it. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const state = {
    reached: 0,
    open,
    hook: async () => {
      state.reached += 1;
      await opened;
    },
  };
  return state;
}

/** Settles within `ms`, or says it did not. */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => 'settled' as const), sleep(ms).then(() => 'pending' as const)]);

describe('the bridge and `pairings remove` changing the file at the same moment', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mykey-pairings-race-'));
    file = join(dir, 'pairings.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a pairing made while the command line removes a site does not bring that site back', async () => {
    const paused = gate();
    const running = await PairingStore.open(file, { betweenReadAndWrite: paused.hook });
    const setup = await PairingStore.open(file);
    const shop = await setup.pair(SHOP);
    const app = await setup.pair(APP);
    expect(running.isPaired(SHOP, shop)).toBe(true);

    // The bridge pairs a third site and stops after reading the file, before writing it…
    const pairing = running.pair(LATER);
    await expect.poll(() => paused.reached).toBe(1);
    // …while `pairings remove` (another store on the same file, as the CLI is) removes the shop.
    const command = await PairingStore.open(file);
    const removal = command.remove(SHOP);
    // It waits for the bridge's lock (without one it would be done long before this).
    const whilePaused = await within(removal, 500);
    paused.open();
    const later = await pairing;
    expect(await removal).toBe(1);

    expect(running.isPaired(SHOP, shop)).toBe(false);
    expect(running.isPaired(APP, app)).toBe(true);
    expect(running.isPaired(LATER, later)).toBe(true);
    expect((await PairingStore.open(file)).list().map((p) => p.origin)).toEqual([APP, LATER]);
    expect(whilePaused).toBe('pending');
    // No lock and no temporary file left behind.
    expect(readdirSync(dir)).toEqual(['pairings.json']);
  });

  it('a pairing that waited for the lock starts from the file as the removal left it', async () => {
    const setup = await PairingStore.open(file);
    const shop = await setup.pair(SHOP);
    const running = await PairingStore.open(file);
    expect(running.isPaired(SHOP, shop)).toBe(true);

    // `pairings remove` has read the file and holds the lock…
    const paused = gate();
    const command = await PairingStore.open(file, { betweenReadAndWrite: paused.hook });
    const removal = command.remove(SHOP);
    await expect.poll(() => paused.reached).toBe(1);
    // …when the bridge begins a pairing: it waits, then reads the file the removal wrote.
    const pairing = running.pair(LATER);
    const whilePaused = await within(pairing, 300);
    paused.open();
    expect(await removal).toBe(1);
    const later = await pairing;

    expect(running.isPaired(SHOP, shop)).toBe(false);
    expect(running.isPaired(LATER, later)).toBe(true);
    expect((await PairingStore.open(file)).list().map((p) => p.origin)).toEqual([LATER]);
    expect(whilePaused).toBe('pending');
  });

  it('a lock left by a writer that is gone is taken over; one held by a live writer is waited for', async () => {
    const store = await PairingStore.open(file);
    const lock = `${file}.lock`;
    // A `pairings remove` killed while it held the lock (its pid no longer runs).
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(lock, `${hostname()} ${dead} 0123456789abcdef\n`);
    const started = Date.now();
    await store.pair(SHOP);
    expect(Date.now() - started).toBeLessThan(LOCK_STALE_MS / 2);

    // A lock nobody can tell the writer of, but older than a writer ever holds one.
    writeFileSync(lock, '');
    const old = (Date.now() - LOCK_STALE_MS - 5_000) / 1000;
    utimesSync(lock, old, old);
    await store.pair(APP);

    // A live writer's (this process's): waited for until it lets go.
    writeFileSync(lock, `${hostname()} ${process.pid} fedcba9876543210\n`);
    const waiting = store.pair(LATER);
    expect(await within(waiting, 500)).toBe('pending');
    rmSync(lock);
    await waiting;
    expect((await PairingStore.open(file)).list().map((p) => p.origin)).toEqual([SHOP, APP, LATER]);
  });

  it("a writer leaves another writer's temporary file alone", async () => {
    const store = await PairingStore.open(file);
    // What a writer of the old, shared name had written and not yet renamed.
    writeFileSync(`${file}.tmp`, '["not yours"]\n');
    await store.pair(SHOP);
    expect(readFileSync(`${file}.tmp`, 'utf8')).toBe('["not yours"]\n');
    expect((await PairingStore.open(file)).list().map((p) => p.origin)).toEqual([SHOP]);
  });
});
