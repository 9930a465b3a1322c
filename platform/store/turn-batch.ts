/** At most this many requests go into one statement; more start the next one at once. */
const MAX_PER_STATEMENT = 500;

interface Pending<Item, Answer> {
  item: Item;
  settle: (answer: Answer) => void;
  fail: (error: unknown) => void;
}

/**
 * Gathers what the requests of one turn of the event loop ask of the database into one
 * statement, as a group commit does: one round trip per turn, not per request, and no added wait
 * when requests come one at a time. On this platform's machines a round trip to PostgreSQL costs
 * the thread more than the rest of a lookup (BENCHMARKS.md, platform-lookup-profile).
 *
 * `run` answers the items in their order; if it throws, every request of the statement fails
 * with its error (nothing was half done: it was one statement).
 */
export class TurnBatch<Item, Answer> {
  private pending: Array<Pending<Item, Answer>> = [];

  constructor(private readonly run: (items: Item[]) => Promise<Answer[]>) {}

  add(item: Item): Promise<Answer> {
    return new Promise((settle, fail) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ item, settle, fail });
      // Bounded by the requests in flight, and cut into statements of a bounded size.
      if (this.pending.length >= MAX_PER_STATEMENT) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      const answers = await this.run(batch.map((p) => p.item));
      batch.forEach((p, i) => {
        const answer = answers[i];
        if (answer === undefined)
          p.fail(new Error('a batched statement gave fewer answers than asked'));
        else p.settle(answer);
      });
    } catch (error) {
      for (const p of batch) p.fail(error);
    }
  }
}
