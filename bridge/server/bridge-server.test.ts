import { X509Certificate } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_ORIGIN, startTestBridge, type TestBridge } from '../../tests/support/bridge-harness';
import { BridgeClient } from '../client/bridge-client';
import { loadSimulatedCitizens } from '../simulate/simulated-cards';
import { SimulatedReaders } from '../simulate/simulated-readers';
import type { VirtualJpkiCard } from '../simulate/virtual-jpki-card';
import { PairingStore } from './pairings';

let bridge: TestBridge;
let simulator: SimulatedReaders;

let myNumberCard: VirtualJpkiCard;

beforeAll(async () => {
  const [cards, ...others] = await loadSimulatedCitizens(mkdtempSync(join(tmpdir(), 'mykey-sim-')));
  if (cards === undefined) throw new Error('no simulated citizens');
  myNumberCard = cards.mynumber as VirtualJpkiCard;
  simulator = new SimulatedReaders(cards, others);
  bridge = await startTestBridge(simulator, { simulator });
});
// Whatever a test asked of the bridge, no application holding the My Number was ever selected.
afterEach(() => {
  expect(myNumberCard.forbiddenSelections).toEqual([]);
});
afterAll(() => bridge.close());
beforeEach(() => simulator.remove());

function httpAnswer(
  method: string,
  headers: Record<string, string>,
  path = '/v1/bridge',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: bridge.server.port, method, path, headers },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.once('error', reject);
    req.end();
  });
}

describe('who may connect', () => {
  it('refuses a WebSocket from an origin that is not allowed', async () => {
    await expect(BridgeClient.connect(bridge.url, 'https://evil.example')).rejects.toThrow(/403/);
  });

  it('refuses a connection that names no origin (not a browser page of ours)', async () => {
    await expect(BridgeClient.connect(bridge.url, '')).rejects.toThrow(/403/);
  });

  it('refuses a Host that is not loopback, so DNS rebinding gets nowhere', async () => {
    const answer = await httpAnswer('GET', { host: 'attacker.example:80', origin: APP_ORIGIN });
    expect(answer.status).toBe(403);
  });

  it('gives an unpaired connection nothing: no card reads, no events', async () => {
    const client = await BridgeClient.connect(bridge.url, APP_ORIGIN);
    expect(await client.request('hello')).toMatchObject({ ok: true, result: { paired: false } });
    simulator.place('mynumber');
    expect(await client.request('mynumber.read')).toMatchObject({ ok: false, code: 'NOT_PAIRED' });
    expect(await client.request('status')).toMatchObject({ ok: false, code: 'NOT_PAIRED' });
    expect(client.events).toEqual([]);
    client.close();
  });

  it('pairs with the code shown at the PC; a wrong code is refused, and three end the code', async () => {
    const client = await BridgeClient.connect(bridge.url, APP_ORIGIN);
    await client.request('pair.begin');
    const shown = bridge.lastCode() as string;
    const wrong = shown === '000000' ? '000001' : '000000';
    expect(await client.request('pair.confirm', { code: wrong })).toMatchObject({
      code: 'PAIRING_CODE_WRONG',
    });
    expect(await client.request('pair.confirm', { code: wrong })).toMatchObject({
      code: 'PAIRING_CODE_WRONG',
    });
    expect(await client.request('pair.confirm', { code: wrong })).toMatchObject({
      code: 'PAIRING_NOT_STARTED',
    });
    // The right code is no use once the code has ended.
    expect(await client.request('pair.confirm', { code: shown })).toMatchObject({
      code: 'PAIRING_NOT_STARTED',
    });
    await client.request('pair.begin');
    const confirmed = await client.request('pair.confirm', { code: bridge.lastCode() as string });
    expect(confirmed.ok).toBe(true);
    client.close();
  });

  it('with the shipped limit, a sixth pairing code in a minute is PAIRING_RATE_LIMITED, from any connection', async () => {
    const strict = await startTestBridge(simulator, { shippedPairingLimit: true });
    const first = await BridgeClient.connect(strict.url, APP_ORIGIN);
    const second = await BridgeClient.connect(strict.url, APP_ORIGIN);
    for (let i = 0; i < 5; i++)
      expect((await (i % 2 === 0 ? first : second).request('pair.begin')).ok).toBe(true);
    expect(await second.request('pair.begin')).toMatchObject({ code: 'PAIRING_RATE_LIMITED' });
    expect(await first.request('pair.begin')).toMatchObject({ code: 'PAIRING_RATE_LIMITED' });
    first.close();
    second.close();
    await strict.close();
  });

  it('knows a paired page again by its token, and only from the origin it was paired from', async () => {
    const store = await PairingStore.open(undefined);
    const token = await store.pair(APP_ORIGIN);
    expect(store.isPaired(APP_ORIGIN, token)).toBe(true);
    expect(store.isPaired('http://localhost:8787', token)).toBe(false);
    expect(store.isPaired(APP_ORIGIN, `${token}x`)).toBe(false);

    const first = await BridgeClient.connect(bridge.url, APP_ORIGIN);
    const given = await first.pair(() => bridge.lastCode());
    first.close();
    const again = await BridgeClient.connect(bridge.url, APP_ORIGIN);
    expect(await again.request('hello', { token: `${given}x` })).toMatchObject({
      result: { paired: false },
    });
    expect(await again.request('hello', { token: given })).toMatchObject({
      result: { paired: true },
    });
    expect(await again.request('status')).toMatchObject({ ok: true });
    again.close();
  });

  it("answers Chrome's Private Network Access preflight for an allowed origin only", async () => {
    const preflight = {
      origin: APP_ORIGIN,
      host: `127.0.0.1:${bridge.server.port}`,
      'access-control-request-method': 'GET',
      'access-control-request-private-network': 'true',
    };
    const allowed = await httpAnswer('OPTIONS', preflight);
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-private-network']).toBe('true');
    expect(allowed.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
    const refused = await httpAnswer('OPTIONS', { ...preflight, origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-private-network']).toBeUndefined();
    const info = await httpAnswer('GET', { origin: APP_ORIGIN, host: preflight.host });
    expect(JSON.parse(info.body)).toMatchObject({ protocolVersion: 1, simulated: true });
  });
});

describe('messages', () => {
  it('answers a frame that is not JSON, a wrong version and a bad request with stable codes', async () => {
    const client = await bridge.pairedClient();
    expect(await client.raw('{"v":1,"id":"a","type":"nope"}', 'a')).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await client.raw('{"v":2,"id":"b","type":"status"}', 'b')).toMatchObject({
      code: 'PROTOCOL_VERSION_UNSUPPORTED',
    });
    const badPin = await client.raw(
      '{"v":1,"id":"c","type":"mynumber.sign","challenge":"AAAAAAAAAAAAAAAAAAAAAAAA","pin":"12345"}',
      'c',
    );
    expect(badPin).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(badPin)).not.toContain('12345');
    client.close();
  });

  it('lists the paired sites on its info page, for whoever looks after the PC', async () => {
    await bridge.pairedClient();
    const info = JSON.parse(
      (await httpAnswer('GET', { host: `127.0.0.1:${bridge.server.port}` })).body,
    );
    expect(info.pairedOrigins.map((p: { origin: string }) => p.origin)).toContain(APP_ORIGIN);
    expect(JSON.stringify(info)).not.toMatch(/token/i);
  });

  it('pushes reader and card events to a paired page as cards come and go', async () => {
    const client = await bridge.pairedClient();
    const readers = await client.firstEvent((e) => e.event === 'readers');
    expect(readers).toMatchObject({ pcsc: 'simulated', readers: [{ card: 'absent' }] });
    const present = client.nextEvent((e) => e.event === 'card' && e.state === 'present');
    simulator.place('service');
    expect(await present).toMatchObject({ technology: 'FeliCa' });
    const removed = client.nextEvent((e) => e.event === 'card' && e.state === 'removed');
    simulator.remove();
    await removed;
    client.close();
  });

  it('ends a read waiting for a card when the page cancels it, at once, and says whether there was one', async () => {
    const client = await bridge.pairedClient();
    const started = Date.now();
    const waiting = client.request('mynumber.read', { waitMs: 30_000 });
    const target = client.lastRequestId;
    expect(await client.request('cancel', { target })).toEqual({
      ok: true,
      result: { cancelled: true },
    });
    expect(await waiting).toMatchObject({ ok: false, code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(5_000);
    // Nothing waits under that id any more; a read after it works as before.
    expect(await client.request('cancel', { target })).toEqual({
      ok: true,
      result: { cancelled: false },
    });
    simulator.place('mynumber');
    expect(await client.request('mynumber.read', { waitMs: 0 })).toMatchObject({ ok: true });
    client.close();
  });

  it('reads only the reader named for the kind of card, and says NO_READER for one that is not there', async () => {
    const client = await bridge.pairedClient();
    simulator.place('mynumber');
    expect(
      await client.request('mynumber.read', { waitMs: 0, reader: 'カードリーダー2 (未接続)' }),
    ).toMatchObject({ ok: false, code: 'NO_READER' });
    const readers = await client.request('status');
    const [name] = (
      readers as unknown as { result: { readers: { name: string }[] } }
    ).result.readers.map((r) => r.name);
    expect(await client.request('mynumber.read', { waitMs: 0, reader: name })).toMatchObject({
      ok: true,
      result: { reader: name },
    });
    client.close();
  });

  it('places and removes simulated cards on request, as a person tapping them would', async () => {
    const client = await bridge.pairedClient();
    expect(await client.request('simulate.place', { card: 'mynumber' })).toMatchObject({
      ok: true,
    });
    const status = await client.request('status');
    expect(status).toMatchObject({
      result: { simulated: true, readers: [{ card: 'present', technology: 'ISO14443-4' }] },
    });
    await client.request('simulate.remove');
    expect(await client.request('mynumber.read')).toMatchObject({ code: 'NO_CARD' });
    client.close();
  });

  it('offers three simulated citizens, each a different person to the platform', async () => {
    const client = await bridge.pairedClient();
    const myKeyIds = new Set<string>();
    const serials = new Set<string>();
    const serviceCards = new Set<string>();
    for (const citizen of [1, 2, 3]) {
      expect(await client.request('simulate.place', { card: 'mynumber', citizen })).toMatchObject({
        ok: true,
        result: { card: 'mynumber', citizen },
      });
      const read = await client.request('mynumber.read');
      if (!read.ok) throw new Error(`citizen ${citizen}: ${read.code}`);
      const { certificate, myKeyId } = read.result as { certificate: string; myKeyId: string };
      myKeyIds.add(myKeyId);
      serials.add(new X509Certificate(Buffer.from(certificate, 'base64')).serialNumber);
      await client.request('simulate.place', { card: 'service', citizen });
      const service = await client.request('service.read');
      if (!service.ok) throw new Error(`citizen ${citizen}'s service card: ${service.code}`);
      serviceCards.add((service.result as { uid: string }).uid);
    }
    // Three My Key IDs, three certificate serials (a platform tells people apart by issuer and
    // serial), three service cards: no simulated citizen is taken for another.
    expect([myKeyIds.size, serials.size, serviceCards.size]).toEqual([3, 3, 3]);
    expect(await client.request('simulate.place', { card: 'mynumber', citizen: 4 })).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
    await client.request('simulate.remove');
    client.close();
  });
});
