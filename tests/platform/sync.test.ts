import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomString } from '../../bridge/simulate/jpki-like-ca';
import type { OperationResult, RegisterLinkOperation } from '../../core/api/sync';
import { TrustAnchors } from '../../platform/certificates/trust-anchors';
import { OperationMacs } from '../../platform/domain/operation-macs';
import { applyBatch, purgeOldOperations } from '../../platform/use-cases/sync';
import { type DatabaseKind, databaseKinds, openTestDatabase } from '../support/databases';
import { registerNewMyKeyId } from '../support/platform-harness';
import { platformSuite } from '../support/platform-suite';
import { reached } from '../support/reach';

type SyncAnswer = { results: OperationResult[] };

const op = (
  myKeyId: string,
  serviceId: string,
  operationId = randomUUID(),
): RegisterLinkOperation => ({
  operationId,
  kind: 'registerLink',
  myKeyId,
  serviceCode: 'A-a1-0001',
  serviceId,
});

describe.each(databaseKinds())('batch sync on %s', (kind) => {
  const {
    platform,
    ca,
    terminals: { shop },
  } = platformSuite(kind, { shop: 'a1' });

  const registeredMyKeyId = () => registerNewMyKeyId(shop, ca);
  /** What the platform holds for a person's point card (a lookup needs the card itself). */
  const serviceIdOf = async (myKeyId: string) => {
    const [row] = await platform.db.query<{ service_id: string }>(
      `SELECT service_id FROM links WHERE my_key_id = $1 AND service_code = 'A-a1-0001'`,
      [myKeyId],
    );
    return row?.service_id;
  };

  it('applies each operation once and answers a resent batch with the same results', async () => {
    const a = await registeredMyKeyId();
    const b = await registeredMyKeyId();
    const batch = [op(a, randomString(8)), op(b, randomString(8)), op(randomString(14), 'X1')];
    const first = await shop.post<SyncAnswer>('/v1/terminal/sync', { operations: batch });
    expect(first.status).toBe(200);
    expect(
      first.body.results.map((r) => (r.status === 'applied' ? r.outcome : r.error.code)),
    ).toEqual(['registered', 'registered', 'MYKEY_NOT_REGISTERED']);
    const resent = await shop.post<SyncAnswer>('/v1/terminal/sync', { operations: batch });
    expect(resent.body).toEqual(first.body);
  });

  it('keeps the terminal’s order: the second of two service IDs for one person is ALREADY_LINKED', async () => {
    const person = await registeredMyKeyId();
    const answer = await shop.post<SyncAnswer>('/v1/terminal/sync', {
      operations: [op(person, 'FIRST-CARD'), op(person, 'SECOND-CARD')],
    });
    expect(answer.body.results.map((r) => r.status === 'rejected' && r.error.code)).toEqual([
      false,
      'ALREADY_LINKED',
    ]);
    expect(await serviceIdOf(person)).toBe('FIRST-CARD');
  });

  it('an operation id repeated inside one batch takes effect once', async () => {
    const person = await registeredMyKeyId();
    const once = op(person, 'DUP-1');
    const answer = await shop.post<SyncAnswer>('/v1/terminal/sync', { operations: [once, once] });
    expect(answer.body.results).toEqual([
      { operationId: once.operationId, status: 'applied', outcome: 'registered' },
      { operationId: once.operationId, status: 'applied', outcome: 'registered' },
    ]);
  });

  it('an operation id resent with other content is OPERATION_ID_REUSED; the first content stays', async () => {
    const person = await registeredMyKeyId();
    const first = op(person, 'REUSE-A');
    const applied = await shop.post<SyncAnswer>('/v1/terminal/sync', { operations: [first] });
    expect(applied.body.results[0]).toMatchObject({ status: 'applied', outcome: 'registered' });

    const other = { ...first, serviceId: 'REUSE-B' };
    const refused = await shop.post<SyncAnswer>('/v1/terminal/sync', { operations: [other] });
    expect(refused.body.results).toEqual([
      {
        operationId: first.operationId,
        status: 'rejected',
        error: { code: 'OPERATION_ID_REUSED', message: expect.any(String) },
      },
    ]);
    expect(await serviceIdOf(person)).toBe('REUSE-A');
    // A true resend still gets the stored result, and the refusal changed nothing stored.
    const resent = await shop.post<SyncAnswer>('/v1/terminal/sync', { operations: [first] });
    expect(resent.body).toEqual(applied.body);
    // The same content with its keys in another order is the same operation.
    const reordered = {
      serviceId: first.serviceId,
      serviceCode: first.serviceCode,
      myKeyId: first.myKeyId,
      kind: first.kind,
      operationId: first.operationId.toUpperCase(),
    };
    const again = await shop.post<SyncAnswer>('/v1/terminal/sync', { operations: [reordered] });
    expect(again.body.results[0]).toMatchObject({ status: 'applied', outcome: 'registered' });
  });

  it('an operation id twice in one batch with different content: the second is OPERATION_ID_REUSED', async () => {
    const person = await registeredMyKeyId();
    const first = op(person, 'TWICE-A');
    const answer = await shop.post<SyncAnswer>('/v1/terminal/sync', {
      operations: [first, { ...first, serviceId: 'TWICE-B' }],
    });
    expect(
      answer.body.results.map((r) => (r.status === 'applied' ? r.outcome : r.error.code)),
    ).toEqual(['registered', 'OPERATION_ID_REUSED']);
    const rows = await platform.db.query<{ result: unknown; content_mac: string }>(
      'SELECT result, content_mac FROM sync_operations WHERE operation_id = $1',
      [first.operationId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.result).toEqual({ status: 'applied', outcome: 'registered' });
    expect(rows[0]?.content_mac).toMatch(/^[0-9a-f]{8}\.[A-Za-z0-9_-]{43}$/);
  });

  it('remembers operation ids for 90 days and forgets them after, even if asked for fewer', async () => {
    const person = await registeredMyKeyId();
    const kept = op(person, 'KEPT-89');
    const gone = op(person, 'GONE-91');
    await shop.post('/v1/terminal/sync', { operations: [kept, gone] });
    // The clock moved on: one operation was recorded 89 days ago, the other 91.
    const age = (days: number, id: string) =>
      platform.db.query(
        'UPDATE sync_operations SET recorded_on = current_date - $1::int WHERE operation_id = $2',
        [days, id],
      );
    await age(89, kept.operationId);
    await age(91, gone.operationId);
    expect(await purgeOldOperations(platform.db, 30)).toBeGreaterThanOrEqual(1);
    const left = await platform.db.query<{ operation_id: string }>(
      'SELECT operation_id::text FROM sync_operations WHERE operation_id = ANY($1::uuid[])',
      [[kept.operationId, gone.operationId]],
    );
    expect(left.map((r) => r.operation_id)).toEqual([kept.operationId]);
  });

  it('refuses 501 operations with BATCH_TOO_LARGE and applies none of them', async () => {
    const person = await registeredMyKeyId();
    const operations = Array.from({ length: 501 }, (_, i) => op(person, `BIG-${i}`));
    const answer = await shop.post<{ error: { code: string } }>('/v1/terminal/sync', {
      operations,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('BATCH_TOO_LARGE');
    expect(await serviceIdOf(person)).toBeUndefined();
  });

  it('accepts 500 operations in one batch', async () => {
    const people = await Promise.all(Array.from({ length: 5 }, registeredMyKeyId));
    const operations = Array.from({ length: 500 }, (_, i) => op(people[i % 5] ?? '', `FULL-${i}`));
    const answer = await shop.post<SyncAnswer>('/v1/terminal/sync', { operations });
    expect(answer.body.results.filter((r) => r.status === 'applied')).toHaveLength(5);
    expect(answer.body.results.filter((r) => r.status === 'rejected')).toHaveLength(495);
  });

  it('a batch with one malformed operation is refused whole, nothing applied', async () => {
    const person = await registeredMyKeyId();
    const answer = await shop.post<{ error: { code: string } }>('/v1/terminal/sync', {
      operations: [op(person, 'GOOD-1'), { ...op(person, 'BAD'), serviceCode: 'nope' }],
    });
    expect(answer.status).toBe(400);
    expect(await serviceIdOf(person)).toBeUndefined();
  });
});

/**
 * The reference model: the links that applying each distinct operation once, in first-seen order,
 * gives. Random batches with duplicates, reorders of already-sent operations and retries must end
 * in exactly this state.
 */
function expectedLinks(
  operations: RegisterLinkOperation[],
  registered: Set<string>,
): Map<string, string> {
  const byPerson = new Map<string, string>();
  const taken = new Set<string>();
  const seen = new Set<string>();
  for (const o of operations) {
    if (seen.has(o.operationId)) continue;
    seen.add(o.operationId);
    if (!registered.has(o.myKeyId) || byPerson.has(o.myKeyId) || taken.has(o.serviceId)) continue;
    byPerson.set(o.myKeyId, o.serviceId);
    taken.add(o.serviceId);
  }
  return byPerson;
}

describe.each(databaseKinds())('batch sync exactly-once property on %s', (kind: DatabaseKind) => {
  it('random batches with duplicates, reorders and retries end as if each operation ran once', async () => {
    const RUNS = kind === 'pglite' ? 60 : 40;
    const db = await openTestDatabase(kind);
    await db.exec(`
      INSERT INTO municipalities VALUES ('A', 'A市');
      INSERT INTO providers VALUES ('a1', 'A', '商店街');
      INSERT INTO services (code, provider_code, name, link_needs_pin) VALUES ('A-a1-0001', 'a1', 'ポイント', false);
      INSERT INTO terminals (id, provider_code, name) VALUES ('t1', 'a1', 'レジ');
    `);
    const people = ['P0000000000001', 'P0000000000002', 'P0000000000003', 'N0000000000004'];
    const registered = new Set(people.slice(0, 3));
    for (const p of registered) {
      await db.query(`INSERT INTO my_keys VALUES ($1, 'default', 'test', $1)`, [p]);
    }
    const scope = { id: 't1', providerCode: 'a1', serviceCodes: new Set(['A-a1-0001']) };
    const macs = OperationMacs.ephemeral();
    const operationArb = fc.record({
      operationId: fc.constantFrom(
        ...Array.from(
          { length: 12 },
          (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        ),
      ),
      kind: fc.constant('registerLink' as const),
      myKeyId: fc.constantFrom(...people),
      serviceCode: fc.constant('A-a1-0001'),
      serviceId: fc.constantFrom('C1', 'C2', 'C3', 'C4'),
    });
    // An operation id always carries the same payload, as on a real terminal.
    const batchesArb = fc
      .array(fc.array(operationArb, { minLength: 1, maxLength: 8, size: 'max' }), {
        minLength: 1,
        maxLength: 6,
        size: 'max',
      })
      .map((batches) => {
        const payload = new Map<string, RegisterLinkOperation>();
        return batches.map((b) =>
          b.map((o) => {
            const first = payload.get(o.operationId) ?? o;
            payload.set(o.operationId, first);
            return first;
          }),
        );
      });

    // What the runs reached (issue 26: a property proves it tested): the final comparison, an
    // operation id met again within the batches and in a resent batch (the exactly-once check
    // against its first result), a refusal, a link.
    const reach = reached({
      runs: RUNS,
      duplicated: RUNS * 0.5,
      resent: RUNS * 0.5,
      refused: RUNS * 0.3,
      linked: RUNS * 0.8,
    });
    await fc.assert(
      fc.asyncProperty(batchesArb, fc.nat(5), async (batches, retries) => {
        await db.exec('DELETE FROM links; DELETE FROM sync_operations;');
        let duplicated = false;
        let resent = false;
        let refused = false;
        const sent: RegisterLinkOperation[] = [];
        const firstResults = new Map<string, unknown>();
        for (const [n, batch] of [...batches, ...batches.slice(0, retries)].entries()) {
          const results = await applyBatch(db, scope, batch, macs, {
            anchors: new TrustAnchors(),
            requireCrl: false,
          });
          for (const [i, { result }] of results.entries()) {
            const id = batch[i]?.operationId ?? '';
            if (firstResults.has(id) && n < batches.length) duplicated = true;
            if (firstResults.has(id) && n >= batches.length) resent = true;
            if ((result as { status?: string }).status === 'rejected') refused = true;
            expect(firstResults.get(id) ?? result).toEqual(result);
            firstResults.set(id, result);
          }
          sent.push(...batch);
        }
        const rows = await db.query<{ my_key_id: string; service_id: string }>(
          'SELECT my_key_id, service_id FROM links',
        );
        const actual = new Map(rows.map((r) => [r.my_key_id, r.service_id]));
        expect(actual).toEqual(expectedLinks(sent, registered));
        reach.hit('runs');
        if (duplicated) reach.hit('duplicated');
        if (resent) reach.hit('resent');
        if (refused) reach.hit('refused');
        if (actual.size > 0) reach.hit('linked');
      }),
      { numRuns: RUNS },
    );
    reach.check();
    await db.close();
  });
});
