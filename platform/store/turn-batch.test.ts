import { describe, expect, it } from 'vitest';
import { TurnBatch } from './turn-batch';

/** A statement that doubles numbers, and remembers what it was asked in each call. */
function doubling() {
  const statements: number[][] = [];
  const batch = new TurnBatch<number, number>(async (items) => {
    statements.push(items);
    return items.map((n) => n * 2);
  });
  return { batch, statements };
}

describe('TurnBatch: what one turn of the event loop asks goes to the database at once', () => {
  it('answers each request with its own answer, from one statement per turn', async () => {
    const { batch, statements } = doubling();
    const answers = await Promise.all([1, 2, 3, 4].map((n) => batch.add(n)));
    expect(answers).toEqual([2, 4, 6, 8]);
    expect(statements).toEqual([[1, 2, 3, 4]]);
  });

  it('a request in a later turn goes in a statement of its own, without waiting for more', async () => {
    const { batch, statements } = doubling();
    expect(await batch.add(5)).toBe(10);
    expect(await batch.add(6)).toBe(12);
    expect(statements).toEqual([[5], [6]]);
  });

  it('cuts a crowd into statements of at most 500', async () => {
    const { batch, statements } = doubling();
    const answers = await Promise.all(Array.from({ length: 1_201 }, (_, n) => batch.add(n)));
    expect(answers[1_200]).toBe(2_400);
    expect(statements.map((s) => s.length)).toEqual([500, 500, 201]);
  });

  it('a failed statement fails every request in it with its error, and the next turn is fresh', async () => {
    let calls = 0;
    const batch = new TurnBatch<number, number>(async (items) => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
      return items;
    });
    const failed = await Promise.allSettled([batch.add(1), batch.add(2)]);
    expect(failed.map((r) => r.status === 'rejected' && (r.reason as Error).message)).toEqual([
      'connection lost',
      'connection lost',
    ]);
    expect(await batch.add(3)).toBe(3);
  });

  it('a statement that answers fewer items than asked fails the unanswered, not silently', async () => {
    const batch = new TurnBatch<number, number>(async (items) => items.slice(1));
    const results = await Promise.allSettled([batch.add(1), batch.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
  });
});
