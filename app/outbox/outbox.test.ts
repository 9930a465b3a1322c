import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { COUNTER_API } from '../../core/api/routes/counter';
import type { Operation, OperationResult, RegisterLinkOperation } from '../../core/api/sync';
import { reached } from '../../tests/support/reach';
import { openReceptionDb, type ReceptionDb } from '../storage/reception-db';
import { readAnswer } from '../terminal/platform-client';
import { type LinkRegistration, Outbox, WAITING_SHOWN } from './outbox';
import { type LockManagerLike, OutboxSender, type SyncTransport } from './sender';

beforeEach(() => {
  // A fresh, empty IndexedDB for every test.
  globalThis.indexedDB = new IDBFactory();
});

const registration = (n: number, serviceId = `S${n}`): LinkRegistration => ({
  myKeyId: `MYKEY${String(n).padStart(9, '0')}`,
  serviceCode: 'A-a1-0001',
  serviceId,
});

type Mode = 'ok' | 'down' | 'lost' | 'error500' | 'retry-after';

/**
 * The platform's batch endpoint as the outbox sees it: each operation id applied once, its result
 * remembered; service IDs starting with X are taken by someone else (a final refusal).
 */
class FakePlatform {
  readonly results = new Map<string, OperationResult>();
  readonly applied: RegisterLinkOperation[] = [];
  mode: Mode = 'ok';
  batches = 0;

  transport(): SyncTransport {
    return {
      send: async (operations) => {
        this.batches += 1;
        if (this.mode === 'down') throw new TypeError('Failed to fetch');
        if (this.mode === 'error500')
          return readAnswer(COUNTER_API.sync, { status: 500, retryAfter: null, body: {} });
        if (this.mode === 'retry-after')
          return readAnswer(COUNTER_API.sync, { status: 503, retryAfter: '7', body: {} });
        const results = operations.map((op) => this.apply(op));
        if (this.mode === 'lost')
          throw new TypeError('connection reset after the platform applied');
        return readAnswer(COUNTER_API.sync, { status: 200, retryAfter: null, body: { results } });
      },
    };
  }

  private apply(op: Operation): OperationResult {
    const known = this.results.get(op.operationId);
    if (known !== undefined) return known;
    if (op.kind !== 'registerLink') throw new Error('this fake platform takes registrations only');
    this.applied.push(op);
    const result: OperationResult = op.serviceId.startsWith('X')
      ? {
          operationId: op.operationId,
          status: 'rejected',
          error: { code: 'SERVICE_ID_TAKEN', message: '' },
        }
      : { operationId: op.operationId, status: 'applied', outcome: 'registered' };
    this.results.set(op.operationId, result);
    return result;
  }
}

async function openAll(name = 'test'): Promise<{ db: ReceptionDb; outbox: Outbox }> {
  const db = await openReceptionDb(name);
  return { db, outbox: await Outbox.open(db) };
}

const noTimers = { schedule: () => () => {} };

describe('the outbox', () => {
  it('accepts a registration durably, with the IDs sealed and only masked copies in clear', async () => {
    const { db, outbox } = await openAll();
    await outbox.enqueue(registration(1, 'LIB0012345'));
    const [raw] = await db.getAll('outbox');
    const clear = JSON.stringify(raw, (_key, value) =>
      value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? '[bytes]' : value,
    );
    expect(clear).not.toContain('MYKEY000000001');
    expect(clear).not.toContain('LIB0012345');
    expect(raw?.masked).toEqual({ myKeyId: 'MY**********01', serviceId: 'LI******45' });
    const [item] = await outbox.nextBatch(10);
    expect(item?.operation).toMatchObject({
      ...registration(1, 'LIB0012345'),
      kind: 'registerLink',
    });
    expect(await outbox.status()).toMatchObject({ pending: 1 });
  });

  it('stores the IDs in no encoding at all: the sealed bytes open only with this terminal’s key, which cannot leave', async () => {
    const { db, outbox } = await openAll();
    const ids = ['MYKEY000000001', 'LIB0012345'];
    await outbox.enqueue(registration(1, 'LIB0012345'));
    const [raw] = await db.getAll('outbox');
    if (raw === undefined) throw new Error('nothing queued');
    // Every byte the record holds, in every form a reader of the files might try.
    const bytes = Buffer.from(raw.sealed.data);
    const forms = [
      bytes.toString('latin1'),
      bytes.toString('utf16le'),
      bytes.toString('hex').toUpperCase(),
      bytes.toString('base64'),
      // Bytes that are themselves base64 or hex text of the IDs.
      Buffer.from(bytes.toString('latin1'), 'base64').toString('latin1'),
      Buffer.from(bytes.toString('latin1'), 'hex').toString('latin1'),
      JSON.stringify({ ...raw, sealed: undefined }),
    ];
    for (const id of ids) {
      for (const form of forms) expect(form).not.toContain(id);
      expect(bytes.includes(Buffer.from(id, 'utf16le'))).toBe(false);
      expect(bytes.includes(Buffer.from(id, 'utf8'))).toBe(false);
    }
    const key = (await db.get('meta', 'outbox-sealing-key')) as CryptoKey;
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    const iv = raw.sealed.iv.slice();
    const opened = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, raw.sealed.data);
    expect(JSON.parse(new TextDecoder().decode(opened))).toMatchObject({
      myKeyId: ids[0],
      serviceId: ids[1],
    });
    const otherKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'decrypt',
    ]);
    await expect(
      crypto.subtle.decrypt({ name: 'AES-GCM', iv }, otherKey, raw.sealed.data),
    ).rejects.toThrow();
  });

  it('lists what waits for the queue screen, masked and oldest first, at most WAITING_SHOWN', async () => {
    const { outbox } = await openAll();
    for (let n = 1; n <= WAITING_SHOWN + 2; n += 1) await outbox.enqueue(registration(n));
    const { pending, waiting } = await outbox.status();
    expect(pending).toBe(WAITING_SHOWN + 2);
    expect(waiting).toHaveLength(WAITING_SHOWN);
    expect(waiting[0]?.masked).toEqual({ myKeyId: 'MY**********01', serviceId: '**' });
    expect(JSON.stringify(waiting)).not.toContain('MYKEY000000001');
  });

  it('keeps what the platform did not answer for, and moves refusals to the rejected list', async () => {
    const { outbox } = await openAll();
    for (const n of [1, 2, 3]) await outbox.enqueue(registration(n, n === 2 ? 'X2' : `S${n}`));
    const batch = await outbox.nextBatch(10);
    const [first, second] = batch.map((item) => item.operation.operationId) as [string, string];
    await outbox.settle(
      batch,
      [
        { operationId: first, status: 'applied', outcome: 'registered' },
        {
          operationId: second,
          status: 'rejected',
          error: { code: 'SERVICE_ID_TAKEN', message: '' },
        },
      ],
      1000,
    );
    const status = await outbox.status();
    expect(status.pending).toBe(1);
    expect(status.lastSyncAt).toBe(1000);
    expect(status.rejected).toMatchObject([{ operationId: second, code: 'SERVICE_ID_TAKEN' }]);
    expect(JSON.stringify(status.rejected)).not.toContain('MYKEY000000002');
    await outbox.acknowledge(second);
    expect((await outbox.status()).rejected).toEqual([]);
  });
});

describe('the sender', () => {
  it('drains in order, in batches', async () => {
    const { outbox } = await openAll();
    for (let n = 1; n <= 7; n += 1) await outbox.enqueue(registration(n));
    const platform = new FakePlatform();
    const sender = new OutboxSender({ outbox, transport: platform.transport(), batchSize: 3 });
    expect(await sender.drain()).toBe('drained');
    expect(platform.batches).toBe(3);
    expect(platform.applied.map((op) => op.serviceId)).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => `S${n}`),
    );
    expect((await outbox.status()).pending).toBe(0);
  });

  it('keeps everything on a network error and tries again after a jittered backoff', async () => {
    const { outbox } = await openAll();
    await outbox.enqueue(registration(1));
    const platform = new FakePlatform();
    platform.mode = 'down';
    const delays: number[] = [];
    const sender = new OutboxSender({
      outbox,
      transport: platform.transport(),
      now: () => 0,
      random: () => 0.5,
      schedule: (_run, ms) => {
        delays.push(ms);
        return () => {};
      },
    });
    expect(await sender.drain()).toBe('waiting');
    expect(await sender.drain()).toBe('waiting');
    expect(delays).toEqual([1500, 3000]);
    expect((await outbox.status()).pending).toBe(1);
    platform.mode = 'ok';
    expect(await sender.drain()).toBe('drained');
  });

  it("honours the platform's Retry-After", async () => {
    const { outbox } = await openAll();
    await outbox.enqueue(registration(1));
    const platform = new FakePlatform();
    platform.mode = 'retry-after';
    const sender = new OutboxSender({
      outbox,
      transport: platform.transport(),
      now: () => 0,
      ...noTimers,
    });
    await sender.drain();
    expect(sender.current()).toEqual({ kind: 'waiting', retryAt: 7000, failures: 1 });
  });

  it('stops, keeping the queue, when the platform refuses the terminal itself', async () => {
    const { outbox } = await openAll();
    await outbox.enqueue(registration(1));
    const sender = new OutboxSender({
      outbox,
      transport: {
        send: async () =>
          readAnswer(COUNTER_API.sync, {
            status: 401,
            retryAfter: null,
            body: { error: { code: 'TERMINAL_REVOKED', message: '' } },
          }),
      },
      ...noTimers,
    });
    expect(await sender.drain()).toBe('stopped');
    expect(sender.current()).toEqual({ kind: 'stopped', code: 'TERMINAL_REVOKED' });
    expect((await outbox.status()).pending).toBe(1);
  });

  it('is one sender across tabs: a second one finds the lock taken and sends nothing', async () => {
    const { outbox } = await openAll();
    await outbox.enqueue(registration(1));
    let held = false;
    const locks: LockManagerLike = {
      async request(_name, _options, callback) {
        if (held) return callback(null);
        held = true;
        try {
          return await callback({});
        } finally {
          held = false;
        }
      },
    };
    const platform = new FakePlatform();
    const first = new OutboxSender({ outbox, transport: platform.transport(), locks });
    const second = new OutboxSender({ outbox, transport: platform.transport(), locks });
    const [a, b] = await Promise.all([first.drain(), second.drain()]);
    expect([a, b]).toEqual(['drained', 'busy']);
    expect(platform.applied).toHaveLength(1);
  });
});

type Step =
  | { kind: 'enqueue'; taken: boolean }
  | { kind: 'drain'; mode: Mode }
  | { kind: 'reload' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('enqueue' as const), taken: fc.boolean() }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('drain' as const),
      mode: fc.constantFrom<Mode>('ok', 'down', 'lost', 'error500', 'retry-after'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'reload' as const }) },
);

describe('exactly once, whatever happens', () => {
  it('random enqueues, failed and lost sends and reloads end with every registration applied once, in order', async () => {
    const reach = reached({
      'every registration checked': 150,
      'a send applied but its answer lost': 40,
      'a reload with registrations waiting': 50,
      'a taken service ID refused': 60,
      'more than 10 registrations': 30,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArbitrary, { minLength: 1, maxLength: 40, size: 'max' }),
        fc.integer({ min: 1, max: 4 }),
        async (steps, batchSize) => {
          globalThis.indexedDB = new IDBFactory();
          const platform = new FakePlatform();
          let { db, outbox } = await openAll('property');
          const sender = () =>
            new OutboxSender({ outbox, transport: platform.transport(), batchSize, ...noTimers });
          const enqueued: LinkRegistration[] = [];
          let lost = false;
          let reloadedWaiting = false;
          for (const step of steps) {
            if (step.kind === 'enqueue') {
              const n = enqueued.length + 1;
              const next = registration(n, step.taken ? `X${n}` : `S${n}`);
              enqueued.push(next);
              await outbox.enqueue(next);
            } else if (step.kind === 'drain') {
              platform.mode = step.mode;
              const appliedBefore = platform.applied.length;
              await sender().drain();
              if (step.mode === 'lost' && platform.applied.length > appliedBefore) lost = true;
            } else {
              if ((await outbox.status()).pending > 0) reloadedWaiting = true;
              db.close();
              ({ db, outbox } = await openAll('property'));
            }
          }
          platform.mode = 'ok';
          expect(await sender().drain()).toBe('drained');
          reach.hit('every registration checked');
          if (lost) reach.hit('a send applied but its answer lost');
          if (reloadedWaiting) reach.hit('a reload with registrations waiting');
          if (enqueued.some((r) => r.serviceId.startsWith('X')))
            reach.hit('a taken service ID refused');
          if (enqueued.length > 10) reach.hit('more than 10 registrations');
          // Each registration reached the platform exactly once, with its own data, in order.
          expect(
            platform.applied.map(({ myKeyId, serviceId }) => ({ myKeyId, serviceId })),
          ).toEqual(enqueued.map(({ myKeyId, serviceId }) => ({ myKeyId, serviceId })));
          const status = await outbox.status();
          expect(status.pending).toBe(0);
          expect(status.rejected.map((r) => r.operationId).sort()).toEqual(
            platform.applied
              .filter((op) => op.serviceId.startsWith('X'))
              .map((op) => op.operationId)
              .sort(),
          );
          db.close();
        },
      ),
      { numRuns: 150 },
    );
    reach.check();
  });
});
