import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeClient } from '../bridge/client/bridge-client';
import { openToOthers } from './support/platform-process';
import { TerminalClient } from './support/terminal-client';

/**
 * The README's first command, `npm start`, as a user runs it (only with ports and data folders
 * of the test's own): the platform and the simulated card bridge come up, and a simulated citizen
 * goes through registration and lookup the way the reception app will drive it.
 */
describe('npm start: the whole system on embedded defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mykey-quickstart-'));
  let system: ChildProcess;
  let output = '';
  const seen = (pattern: RegExp, from = 0, ms = 60_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const deadline = Date.now() + ms;
      const look = () => {
        const match = output.slice(from).match(pattern);
        if (match !== null) return resolve(match);
        if (Date.now() > deadline || system.exitCode !== null)
          return reject(new Error(`never printed ${pattern}:\n${output}`));
        setTimeout(look, 50);
      };
      look();
    });

  let platformUrl: string;
  let bridgeUrl: string;

  const env = {
    ...process.env,
    MYKEY_PORT: '0',
    MYKEY_DATA_DIR: join(dir, 'platform'),
    MYKEY_BRIDGE_PORT: '0',
    MYKEY_BRIDGE_DATA_DIR: join(dir, 'bridge'),
    // This machine may have pcscd with vpcd readers; the quick start's promise is the
    // simulated reader on a machine with none.
    MYKEY_BRIDGE_MODE: 'simulate',
    DATABASE_URL: '',
  };

  /** `npm start`, as a user runs it; resolves when both parts have said where they answer. */
  async function start(): Promise<void> {
    output = '';
    // Under umask 022, the usual default, so the data folders' modes show what the system chose.
    system = spawn('sh', ['-c', 'umask 022; exec npm start'], {
      env,
      detached: true,
    });
    system.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    system.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    platformUrl = (await seen(/URL: +(http:\/\/[\d.:]+)\/v1\/health/))[1] as string;
    bridgeUrl = (await seen(/WebSocket: +(ws:\/\/[\d.:]+\/v1\/ws)/))[1] as string;
  }

  /** Ctrl+C in the terminal: SIGINT to the whole process group. Resolves with the seconds taken. */
  async function pressCtrlC(): Promise<number> {
    if (system.exitCode !== null || system.signalCode !== null || system.pid === undefined)
      return 0;
    const started = Date.now();
    // 'close', not 'exit': npm may exit first; the pipe closes when the last part (start.ts,
    // which waits for the platform and the bridge) has let go of it.
    const closed = new Promise((resolve) => system.once('close', resolve));
    process.kill(-system.pid, 'SIGINT');
    await closed;
    return (Date.now() - started) / 1000;
  }

  beforeAll(start);
  afterAll(async () => {
    await pressCtrlC();
    // Nothing of the group may outlive it.
    if (system.pid !== undefined) {
      try {
        process.kill(-system.pid, 'SIGKILL');
      } catch {
        // The group is gone, as it should be.
      }
    }
  });

  it('starts the platform and the simulated bridge, and says so', async () => {
    expect(output).toMatch(/MyKey Platform API is running/);
    expect(output).toMatch(/模擬モード \/ SIMULATION/);
    const health = await fetch(`${platformUrl}/v1/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'pglite' });
  });

  it('registers and looks up a simulated citizen end to end: bridge card reads, platform links', async () => {
    const adminToken = readFileSync(join(dir, 'platform', 'admin-token'), 'utf8').trim();
    const created = await fetch(`${platformUrl}/v1/admin/terminals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ providerCode: 'a1', name: 'レジ1' }),
    });
    const { enrolmentCode } = (await created.json()) as { enrolmentCode: string };
    const shop = await TerminalClient.enrol(platformUrl, enrolmentCode);

    const app = await BridgeClient.connect(bridgeUrl, 'http://127.0.0.1:8787');
    const codesBefore = output.length;
    await app.pair(async () => (await seen(/pairing code: (\d{6})/, codesBefore))[1]);

    // Step 1 【読取】: the My Number card → My Key ID (registered by the citizen beforehand).
    await app.request('simulate.place', { card: 'mynumber' });
    const card = await app.request('mynumber.read');
    if (!card.ok) throw new Error(card.code);
    // 公的個人認証 as the kiosk does it: the platform's challenge, signed by the card after the PIN.
    const challenge = await shop.post<{ challengeId: string; challenge: string }>(
      '/v1/terminal/challenges',
      {},
    );
    const signed = await app.request('mynumber.sign', {
      challenge: challenge.body.challenge,
      pin: '1234',
    });
    if (!signed.ok) throw new Error(signed.code);
    const registered = await shop.post<{ myKeyId: string }>('/v1/terminal/mykeys/default', {
      certificate: card.result.certificate,
      proof: { challengeId: challenge.body.challengeId, signature: signed.result.signature },
    });
    expect(registered.body.myKeyId).toBe(card.result.myKeyId);

    // Step 2 【読取】: the service card → service ID. Step 3 【登録】.
    await app.request('simulate.place', { card: 'service' });
    const service = await app.request('service.read', { profile: 'felica-idm' });
    if (!service.ok) throw new Error(service.code);
    const link = await shop.post('/v1/terminal/links', {
      myKeyId: card.result.myKeyId,
      serviceCode: 'A-a1-0001',
      serviceId: service.result.serviceId,
    });
    expect(link.body).toEqual({ outcome: 'registered' });

    // 照会: tap the My Number card again → the service ID for this shop's service.
    await app.request('simulate.place', { card: 'mynumber' });
    const again = await app.request('mynumber.read');
    if (!again.ok) throw new Error(again.code);
    const lookup = await shop.post('/v1/terminal/lookup', {
      certificate: again.result.certificate,
      serviceCode: 'A-a1-0001',
    });
    expect(lookup.body).toEqual({ serviceId: service.result.serviceId });

    // ポイント at the demo shopping street: 1,980 yen gives 19 points, 5 are spent, 14 remain.
    // Points at a counter go with the tapped card's certificate.
    const { certificate } = again.result;
    const programmes = await shop.request<{ programmes: Array<{ code: string }> }>(
      'GET',
      '/v1/terminal/points/programmes',
    );
    expect(programmes.body.programmes.map((p) => p.code)).toEqual(['A-P001', 'A-P002']);
    const awarded = await shop.post<{ result: { status: string; points?: number } }>(
      '/v1/terminal/points/award',
      {
        operationId: randomUUID(),
        kind: 'awardPoints',
        certificate,
        madeAt: new Date().toISOString(),
        programmeCode: 'A-P002',
        award: { by: 'purchase', yen: 1980 },
      },
    );
    expect(awarded.body.result).toMatchObject({ status: 'applied', points: 19 });
    const spent = await shop.post<{ balance?: { balance: number } }>('/v1/terminal/points/redeem', {
      operationId: randomUUID(),
      kind: 'redeemPoints',
      certificate,
      programmeCode: 'A-P002',
      points: 5,
    });
    expect(spent.body.balance?.balance).toBe(14);
    app.close();
  });

  it('offers a second simulated citizen, who is a different person to the platform', async () => {
    const adminToken = readFileSync(join(dir, 'platform', 'admin-token'), 'utf8').trim();
    const created = await fetch(`${platformUrl}/v1/admin/terminals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ providerCode: 'a1', name: 'キオスク' }),
    });
    const { enrolmentCode } = (await created.json()) as { enrolmentCode: string };
    const kiosk = await TerminalClient.enrol(platformUrl, enrolmentCode);
    const app = await BridgeClient.connect(bridgeUrl, 'http://127.0.0.1:8787');
    const codesBefore = output.length;
    await app.pair(async () => (await seen(/pairing code: (\d{6})/, codesBefore))[1]);
    const ids: string[] = [];
    for (const citizen of [1, 2]) {
      await app.request('simulate.place', { card: 'mynumber', citizen });
      const card = await app.request('mynumber.read');
      if (!card.ok) throw new Error(card.code);
      ids.push((card.result as { myKeyId: string }).myKeyId);
      if (citizen === 1) continue;
      const challenge = await kiosk.post<{ challengeId: string; challenge: string }>(
        '/v1/terminal/challenges',
        {},
      );
      const signed = await app.request('mynumber.sign', {
        challenge: challenge.body.challenge,
        pin: '1234',
      });
      if (!signed.ok) throw new Error(signed.code);
      const registered = await kiosk.post<{ myKeyId: string }>('/v1/terminal/mykeys/default', {
        certificate: card.result.certificate,
        proof: { challengeId: challenge.body.challengeId, signature: signed.result.signature },
      });
      // Registered as themselves, not taken for citizen 1 (registered in the test above).
      expect(registered.status).toBe(200);
      expect(registered.body.myKeyId).toBe(card.result.myKeyId);
    }
    expect(ids[1]).not.toBe(ids[0]);
    app.close();
  });

  it('takes the CLI’s everyday commands while it runs (through the admin API)', () => {
    const added = spawnSync(
      'npm',
      ['run', '--silent', 'platform', '--', 'terminal', 'add', 'a1', 'レジ2'],
      {
        encoding: 'utf8',
        env,
      },
    );
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout).toMatch(
      /登録コード \/ enrolment code: [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/,
    );
  });

  it("leaves the platform's and the bridge's data folders closed to other users", () => {
    // The platform's holds the database, the admin token and the operation key; the bridge's the
    // pairing tokens (written when the app paired above) and the simulated cards' keys.
    expect(readFileSync(join(dir, 'bridge', 'pairings.json'), 'utf8')).toContain('http');
    expect(openToOthers(join(dir, 'platform'))).toEqual([]);
    expect(openToOthers(join(dir, 'bridge'))).toEqual([]);
  });

  it('stops cleanly on Ctrl+C, even with a browser connection open, and starts again at once', async () => {
    // A browser keeps a connection open, with a request under way (a slow upload).
    const held = connect(Number(new URL(platformUrl).port), '127.0.0.1');
    await new Promise<void>((resolve) => held.once('connect', () => resolve()));
    held.write('POST /v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{');
    held.on('error', () => {});
    const seconds = await pressCtrlC();
    held.destroy();
    expect(output.slice(-1500)).toContain('すべて停止しました / everything stopped');
    // Within the parts' grace period, and nothing left holding the platform's data folder.
    expect(seconds).toBeLessThan(10);
    expect(existsSync(join(dir, 'platform', 'platform.pid'))).toBe(false);
    await start();
    expect((await fetch(`${platformUrl}/v1/health`)).status).toBe(200);
  });
});
