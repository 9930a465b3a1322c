import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  slowCard,
  startTestBridge,
  type TestBridge,
} from '../../tests/support/bridge-harness';
import { BridgeClient } from '../client/bridge-client';
import { loadSimulatedCitizens } from '../simulate/simulated-cards';
import { SimulatedReaders } from '../simulate/simulated-readers';
import { PairingStore } from './pairings';

const OTHER_SITE = 'http://127.0.0.1:9000';
/** From the pairings' change to the page hearing of it: inotify says at once, the poll within 1 s. */
const AT_ONCE_MS = 2_000;

let dataDir: string;
let simulator: SimulatedReaders;
let bridge: TestBridge;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mykey-unpair-'));
  const [cards, ...others] = await loadSimulatedCitizens(join(dataDir, 'sim'));
  if (cards === undefined) throw new Error('no simulated citizens');
  simulator = new SimulatedReaders(cards, others);
  bridge = await startTestBridge(simulator, {
    simulator,
    origins: [APP_ORIGIN, OTHER_SITE],
    // The running bridge's own file, as `npm run start:bridge` keeps it in its data directory.
    pairingsFile: join(dataDir, 'pairings.json'),
  });
});
afterAll(async () => {
  await bridge.close();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => simulator.remove());

/** `npm run start:bridge -- pairings remove <origin>`, in its own process, on the bridge's file. */
async function removeFromCommandLine(origin: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'bridge/main.ts', 'pairings', 'remove', origin, '--data-dir', dataDir],
    { encoding: 'utf8' },
  );
  return stdout;
}

async function pairedFrom(origin: string): Promise<BridgeClient> {
  const client = await BridgeClient.connect(bridge.url, origin);
  await client.pair(() => bridge.lastCode());
  return client;
}

describe('a site whose pairing is removed while its page is connected', () => {
  it('`pairings remove` on the command line: its waiting read ends, its next read is refused, and it is told, at once', async () => {
    const page = await pairedFrom(APP_ORIGIN);
    const other = await pairedFrom(OTHER_SITE);
    expect(await page.request('status')).toMatchObject({ ok: true });
    const held = bridge.server.waitsHeld();
    const waiting = page.request('mynumber.read', { waitMs: 60_000 });
    await expect.poll(() => bridge.server.waitsHeld()).toBe(held + 1);

    expect(await removeFromCommandLine(APP_ORIGIN)).toContain('ペアリングを削除しました');
    const removedAt = Date.now();
    await page.whenUnpaired(AT_ONCE_MS);
    expect(await waiting).toMatchObject({ ok: false, code: 'PAIRING_REMOVED' });
    expect(Date.now() - removedAt).toBeLessThan(AT_ONCE_MS);

    // The very next card request on the same connection is refused, card on the reader or not.
    simulator.place('mynumber');
    expect(await page.request('mynumber.read', { waitMs: 0 })).toMatchObject({
      ok: false,
      code: 'PAIRING_REMOVED',
    });
    expect(await page.request('status')).toMatchObject({ ok: false, code: 'PAIRING_REMOVED' });
    // …and it hears of cards no more, while the site still paired does.
    const seen = page.events.length;
    const landed = other.nextEvent((e) => e.event === 'card' && e.state === 'removed');
    simulator.remove();
    await landed;
    expect(page.events.length).toBe(seen);
    expect(await other.request('mynumber.read', { waitMs: 0 })).toMatchObject({ code: 'NO_CARD' });
    expect(other.unpaired).toBe(false);

    // Its old token is no use on this connection or a new one.
    const again = await BridgeClient.connect(bridge.url, APP_ORIGIN);
    const hello = await page.request('hello');
    expect(hello).toMatchObject({ ok: true, result: { paired: false } });
    expect(await again.request('hello')).toMatchObject({ result: { paired: false } });
    again.close();
    page.close();
    other.close();
  });

  it('removed in the running bridge itself: the same, and the page may pair again on the same connection', async () => {
    const page = await pairedFrom(APP_ORIGIN);
    const held = bridge.server.waitsHeld();
    const waiting = page.request('service.read', { waitMs: 60_000 });
    await expect.poll(() => bridge.server.waitsHeld()).toBe(held + 1);
    expect(await bridge.pairings.remove(APP_ORIGIN)).toBe(1);
    await page.whenUnpaired(AT_ONCE_MS);
    expect(await waiting).toMatchObject({ ok: false, code: 'PAIRING_REMOVED' });
    simulator.place('service');
    expect(await page.request('service.read')).toMatchObject({ code: 'PAIRING_REMOVED' });

    // Pairing again (a new code shown at the PC) makes it trusted again.
    expect(await page.request('pair.begin')).toMatchObject({ ok: true });
    expect(await page.request('pair.confirm', { code: bridge.lastCode() as string })).toMatchObject(
      { ok: true },
    );
    expect(await page.request('service.read')).toMatchObject({ ok: true });
    page.close();
  });

  it('a card conversation under way when the pairing goes: its certificate never reaches the page', async () => {
    const page = await pairedFrom(APP_ORIGIN);
    simulator.place('mynumber');
    const card = slowCard(simulator);
    try {
      const read = page.request('mynumber.read');
      await expect.poll(() => card.connects).toBe(1);
      // (The earlier tests' pages paired from this origin too: every pairing of it goes.)
      expect(await bridge.pairings.remove(APP_ORIGIN)).toBeGreaterThan(0);
      await page.whenUnpaired(AT_ONCE_MS);
      card.release();
      const answer = await read;
      expect(answer).toMatchObject({ ok: false, code: 'PAIRING_REMOVED' });
      expect(JSON.stringify(answer)).not.toContain('certificate');
    } finally {
      card.restore();
      page.close();
    }
  });
});

/**
 * A file system that says nothing when the file changes (a network file system, or the 1 s poll
 * not yet due): the bridge's watcher is off, so only its own look at the file before it answers or
 * sends an event can notice that the site was removed.
 */
describe('a site removed from the file while the bridge hears nothing of it', () => {
  let quiet: TestBridge;
  let quietFile: string;

  beforeAll(async () => {
    quietFile = join(dataDir, 'quiet', 'pairings.json');
    quiet = await startTestBridge(simulator, {
      simulator,
      origins: [APP_ORIGIN, OTHER_SITE],
      pairingsFile: quietFile,
      watchPairings: false,
    });
  });
  afterAll(() => quiet.close());

  /** What `pairings remove` does: another store on the same file (another process's). */
  const removeByFile = async (origin: string) =>
    (await PairingStore.open(quietFile)).remove(origin);
  const pairedHere = async (origin: string) => {
    const client = await BridgeClient.connect(quiet.url, origin);
    await client.pair(() => quiet.lastCode());
    return client;
  };

  it('a read under way when the pairing goes: its certificate is withheld', async () => {
    const page = await pairedHere(APP_ORIGIN);
    simulator.place('mynumber');
    const card = slowCard(simulator);
    try {
      const read = page.request('mynumber.read');
      await expect.poll(() => card.connects).toBe(1);
      expect(await removeByFile(APP_ORIGIN)).toBeGreaterThan(0);
      // Nothing told the bridge (its watcher is off): the page has not heard yet.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(page.unpaired).toBe(false);
      card.release();
      const answer = await read;
      expect(answer).toMatchObject({ ok: false, code: 'PAIRING_REMOVED' });
      expect(JSON.stringify(answer)).not.toContain('certificate');
      await page.whenUnpaired(AT_ONCE_MS);
    } finally {
      card.restore();
      page.close();
    }
  });

  it('card events stop going to it, and it is told, at the next event', async () => {
    const page = await pairedHere(APP_ORIGIN);
    const other = await pairedHere(OTHER_SITE);
    const heard = page.nextEvent((e) => e.event === 'card' && e.state === 'present');
    simulator.place('mynumber');
    await heard;
    expect(await removeByFile(APP_ORIGIN)).toBeGreaterThan(0);
    const seen = page.events.length;
    const landed = other.nextEvent((e) => e.event === 'card' && e.state === 'removed');
    simulator.remove();
    await landed;
    // (Time for a frame sent to the page in the same turn to arrive, had one been sent.)
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(page.events.length).toBe(seen);
    await page.whenUnpaired(AT_ONCE_MS);
    expect(other.unpaired).toBe(false);
    page.close();
    other.close();
  });
});
