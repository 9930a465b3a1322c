import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_PROTOCOL_VERSION, MAX_WAITS_PER_CONNECTION } from '../../core/bridge/protocol';
import {
  APP_ORIGIN,
  slowCard,
  startTestBridge,
  type TestBridge,
} from '../../tests/support/bridge-harness';
import type { BridgeAnswer, BridgeClient } from '../client/bridge-client';
import { loadSimulatedCitizens } from '../simulate/simulated-cards';
import { SimulatedReaders } from '../simulate/simulated-readers';
import { MAX_WAITS_TOTAL } from './card-waits';
import { CLOSE_POLICY_VIOLATION, MAX_FRAMES_PER_SECOND } from './frame-bounds';

let simulator: SimulatedReaders;
/** How many listeners the readers have now: the server's one, and one per read waiting for a card. */
let listening = 0;
let bridge: TestBridge;
let base: number;

beforeAll(async () => {
  const [cards, ...others] = await loadSimulatedCitizens(
    mkdtempSync(join(tmpdir(), 'mykey-bounds-')),
  );
  if (cards === undefined) throw new Error('no simulated citizens');
  simulator = new SimulatedReaders(cards, others);
  const onChange = simulator.onChange.bind(simulator);
  simulator.onChange = (listener) => {
    listening += 1;
    const stop = onChange(listener);
    let stopped = false;
    return () => {
      if (!stopped) listening -= 1;
      stopped = true;
      stop();
    };
  };
});

beforeEach(async () => {
  bridge = await startTestBridge(simulator, { simulator });
  base = listening;
});
afterEach(() => bridge.close());
afterAll(() => simulator.close());

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const codeOf = (answer: BridgeAnswer) => (answer.ok ? 'result' : answer.code);

function tally(answers: BridgeAnswer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[codeOf(answer)] = (counts[codeOf(answer)] ?? 0) + 1;
  return counts;
}

/** A paired connection that speaks raw frames and keeps every frame it is sent. */
async function rawPaired(): Promise<{
  socket: WebSocket;
  frames: Array<{ type: string; id?: string; error?: { code: string } }>;
}> {
  const socket = new WebSocket(bridge.url, { origin: APP_ORIGIN });
  const frames: Array<{ type: string; id?: string; error?: { code: string } }> = [];
  socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
  await new Promise((resolve) => socket.once('open', resolve));
  const send = (body: object) =>
    socket.send(JSON.stringify({ v: BRIDGE_PROTOCOL_VERSION, ...body }));
  const answered = (id: string) =>
    expect.poll(() => frames.some((f) => f.id === id && f.type === 'result')).toBe(true);
  send({ id: 'begin', type: 'pair.begin' });
  await answered('begin');
  send({ id: 'confirm', type: 'pair.confirm', code: bridge.lastCode() });
  await answered('confirm');
  return { socket, frames };
}

describe('card requests one connection may hold', () => {
  it(`5,000 waiting reads on one connection: ${MAX_WAITS_PER_CONNECTION} wait, every other one is TOO_MANY_WAITS at once, and the wait is freed when the page goes`, async () => {
    expect(MAX_WAITS_PER_CONNECTION).toBe(8);
    const page = await bridge.pairedClient();
    const refusals: BridgeAnswer[] = [];
    // In bursts of 1,000 a second: under the frame rate a connection may send.
    for (let burst = 0; burst < 5; burst += 1) {
      const started = Date.now();
      const sent = Array.from({ length: 1_000 }, () =>
        page.request('mynumber.read', { waitMs: 60_000 }),
      );
      refusals.push(...(await Promise.all(burst === 0 ? sent.slice(8) : sent)));
      // Refused at once, not after a wait: nothing of theirs is kept.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(bridge.server.waitsHeld()).toBe(8);
      expect(listening - base).toBe(8);
      await wait(1_000);
    }
    expect(tally(refusals)).toEqual({ TOO_MANY_WAITS: 4_992 });
    // The connection still answers what holds no wait.
    expect(await page.request('status')).toMatchObject({ ok: true });

    page.close();
    await expect.poll(() => bridge.server.waitsHeld()).toBe(0);
    await expect.poll(() => listening - base).toBe(0);
  }, 60_000);

  it('counts a reused id every time it is sent, and one cancel of that id ends them all', async () => {
    const { socket, frames } = await rawPaired();
    for (let i = 0; i < 20; i += 1)
      socket.send(JSON.stringify({ v: 1, id: 'same', type: 'mynumber.read', waitMs: 60_000 }));
    await expect.poll(() => frames.filter((f) => f.id === 'same').length).toBe(12);
    expect(frames.filter((f) => f.id === 'same').map((f) => f.error?.code)).toEqual(
      Array(12).fill('TOO_MANY_WAITS'),
    );
    expect(bridge.server.waitsHeld()).toBe(8);
    expect(listening - base).toBe(8);

    socket.send(JSON.stringify({ v: 1, id: 'c', type: 'cancel', target: 'same' }));
    await expect.poll(() => frames.filter((f) => f.error?.code === 'CANCELLED').length).toBe(8);
    expect(frames.find((f) => f.id === 'c')).toMatchObject({ result: { cancelled: true } });
    expect(bridge.server.waitsHeld()).toBe(0);
    expect(listening - base).toBe(0);
    socket.close();
  });

  it(`holds at most ${MAX_WAITS_TOTAL} across every connection, and a closed page's places go to the others`, async () => {
    expect(MAX_WAITS_TOTAL).toBe(32);
    const pages: BridgeClient[] = [];
    for (let i = 0; i < 5; i += 1) pages.push(await bridge.pairedClient());
    const answers: Promise<BridgeAnswer>[][] = [];
    for (const [i, page] of pages.slice(0, 4).entries()) {
      answers.push(
        Array.from({ length: 8 }, () => page.request('mynumber.read', { waitMs: 60_000 })),
      );
      await expect.poll(() => bridge.server.waitsHeld()).toBe(8 * (i + 1));
    }
    // Each page is under its own bound, but the bridge is full.
    const fifth = Array.from({ length: 8 }, () =>
      (pages[4] as BridgeClient).request('mynumber.read', { waitMs: 60_000 }),
    );
    expect(tally(await Promise.all(fifth))).toEqual({ TOO_MANY_WAITS: 8 });
    expect(bridge.server.waitsHeld()).toBe(32);
    expect(listening - base).toBe(32);

    (pages[0] as BridgeClient).close();
    await expect.poll(() => bridge.server.waitsHeld()).toBe(24);
    const now = (pages[4] as BridgeClient).request('mynumber.read', { waitMs: 60_000 });
    await expect.poll(() => bridge.server.waitsHeld()).toBe(25);
    simulator.place('mynumber');
    // The card lands: every waiting read is answered, each with the whole certificate.
    expect(await now).toMatchObject({ ok: true });
    for (const page of answers.slice(1, 4))
      expect(tally(await Promise.all(page))).toEqual({ result: 8 });
    expect(bridge.server.waitsHeld()).toBe(0);
    simulator.remove();
  }, 60_000);
});

describe('a page that goes while its read is queued for the reader', () => {
  it('never has its read reach the card, and gives its place back', async () => {
    const first = await bridge.pairedClient();
    const second = await bridge.pairedClient();
    simulator.place('mynumber');
    const card = slowCard(simulator);
    try {
      const under = first.request('mynumber.read');
      await expect.poll(() => card.connects).toBe(1);
      // The card is there, so this one queues for the reader behind the first.
      void second.request('mynumber.read');
      await expect.poll(() => bridge.server.waitsHeld()).toBe(2);
      second.close();
      await wait(100);
      card.release();
      expect(await under).toMatchObject({ ok: true });
      await expect.poll(() => bridge.server.waitsHeld()).toBe(0);
      expect(card.connects).toBe(1);
    } finally {
      card.restore();
      first.close();
      simulator.remove();
    }
  });
});

describe('frames one connection may send', () => {
  it(`closes a connection that sends more than ${MAX_FRAMES_PER_SECOND} frames in a second (1008), and serves the others`, async () => {
    const { socket } = await rawPaired();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const frame = JSON.stringify({ v: 1, id: 's', type: 'status' });
    for (let i = 0; i < MAX_FRAMES_PER_SECOND + 500; i += 1) socket.send(frame);
    expect(await closed).toBe(CLOSE_POLICY_VIOLATION);
    const other = await bridge.pairedClient();
    expect(await other.request('status')).toMatchObject({ ok: true });
    other.close();
  });

  it('refuses a frame over 64 KiB (1009) without reading it as a request', async () => {
    const { socket } = await rawPaired();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ v: 1, id: 'big', type: 'status', pad: 'x'.repeat(70_000) }));
    expect(await closed).toBe(1009);
  });
});
