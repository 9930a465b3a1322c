import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import NodeWebSocket from 'ws';
import { loadSimulatedCitizens } from '../../bridge/simulate/simulated-cards';
import { SimulatedReaders } from '../../bridge/simulate/simulated-readers';
import { errorMessage } from '../../core/error-messages';
import { APP_ORIGIN, startTestBridge, type TestBridge } from '../../tests/support/bridge-harness';
import { sentenceFor } from '../sentences/messages';
import { BridgeLink, type BridgeLinkState } from './bridge-link';

/** The browser's WebSocket, as Node's `ws` with the page's origin (Node 20 has none of its own). */
class PageWebSocket extends NodeWebSocket {
  constructor(url: string) {
    super(url, { origin: APP_ORIGIN });
  }
}

let simulator: SimulatedReaders;
let bridge: TestBridge;

beforeAll(async () => {
  vi.stubGlobal('WebSocket', PageWebSocket);
  const [cards, ...others] = await loadSimulatedCitizens(
    mkdtempSync(join(tmpdir(), 'mykey-link-')),
  );
  if (cards === undefined) throw new Error('no simulated citizens');
  simulator = new SimulatedReaders(cards, others);
  bridge = await startTestBridge(simulator, { simulator });
});
afterAll(async () => {
  await bridge.close();
  vi.unstubAllGlobals();
});

describe("the app's bridge link when the site's pairing is removed at the PC", () => {
  it('says unpaired at once, ends the waiting read with PAIRING_REMOVED (and its sentence), and pairs again', async () => {
    let token: string | undefined;
    const states: BridgeLinkState[] = [];
    const link = new BridgeLink(
      bridge.url,
      {
        get: async () => token,
        set: async (given) => {
          token = given;
        },
      },
      (state) => states.push(state),
      () => {},
    );
    const last = () => states.at(-1)?.kind;
    link.connect();
    await expect.poll(last).toBe('unpaired');
    await link.beginPairing();
    expect(await link.confirmPairing(bridge.lastCode() as string)).toMatchObject({ ok: true });
    await expect.poll(last).toBe('ready');

    const waiting = link.request('mynumber.read', { waitMs: 60_000 });
    await expect.poll(() => bridge.server.waitsHeld()).toBe(1);
    expect(await bridge.pairings.remove(APP_ORIGIN)).toBe(1);
    await expect.poll(last, { timeout: 2_000 }).toBe('unpaired');
    const answer = await waiting;
    expect(answer).toMatchObject({ ok: false, code: 'PAIRING_REMOVED' });
    if (answer.ok) throw new Error('read after the pairing was removed');
    expect(sentenceFor(answer.code, 'ja')).toBe(errorMessage('PAIRING_REMOVED'));
    expect(sentenceFor(answer.code, 'ja')).toContain('ペアリングが解除されました');

    // 端末設定 offers pairing again, on the same connection.
    await link.beginPairing();
    expect(await link.confirmPairing(bridge.lastCode() as string)).toMatchObject({ ok: true });
    await expect.poll(last).toBe('ready');
    simulator.place('mynumber');
    expect(await link.request('mynumber.read')).toMatchObject({ ok: true });
    link.close();
  });
});
