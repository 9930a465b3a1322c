import { type Operation, type OperationResult, syncResponseSchema } from '../../core/api/sync';
import { type Schedule, scheduleWithTimeout } from '../timer';
import type { Outbox } from './outbox';
import { judgeBatchAnswer } from './sync-policy';

/** How a batch reaches the platform: a signed POST /v1/terminal/sync in the app. */
export interface SyncTransport {
  /** Resolves with the HTTP answer; rejects when the network failed (nothing is known). */
  send(
    operations: Operation[],
  ): Promise<{ status: number; retryAfter: string | null; body: unknown }>;
}

export type SenderState =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'waiting'; retryAt: number; failures: number }
  | { kind: 'stopped'; code: string };

export type DrainOutcome = 'drained' | 'busy' | 'waiting' | 'stopped';

/** The part of the Web Locks API the sender uses (navigator.locks). */
export interface LockManagerLike {
  request<T>(
    name: string,
    options: { ifAvailable: true },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

export interface SenderOptions {
  outbox: Outbox;
  transport: SyncTransport;
  batchSize?: number;
  /** One sender across the tabs of this origin; absent where the browser has no Web Locks. */
  locks?: LockManagerLike;
  now?: () => number;
  random?: () => number;
  schedule?: Schedule;
  onState?: (state: SenderState) => void;
  /** The platform's answers, after they are recorded: the screen turns them into sentences. */
  onResults?: (results: OperationResult[]) => void;
}

export const SENDER_LOCK = 'mykey-outbox-sender';

/**
 * Sends the outbox in order, in batches, until it is empty. A network error or a 5xx leaves every
 * operation queued and tries again after exponential backoff with jitter (or the platform's
 * Retry-After); a refusal of one operation is final and goes to the rejected list; an operation
 * leaves the queue only when the platform has answered for it.
 */
export class OutboxSender {
  private state: SenderState = { kind: 'idle' };
  private failures = 0;
  private running = false;
  private cancelTimer: (() => void) | undefined;
  private readonly batchSize: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly schedule: Schedule;

  constructor(private readonly options: SenderOptions) {
    this.batchSize = options.batchSize ?? 100;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.schedule = options.schedule ?? scheduleWithTimeout;
  }

  current(): SenderState {
    return this.state;
  }

  private setState(state: SenderState): void {
    this.state = state;
    this.options.onState?.(state);
  }

  /** Sends now, whatever the backoff said (a trigger: start, online, visible, button, timer). */
  drain(): Promise<DrainOutcome> {
    if (this.running) return Promise.resolve('busy');
    const locks = this.options.locks;
    if (locks === undefined) return this.drainHere();
    return locks.request(SENDER_LOCK, { ifAvailable: true }, async (lock) =>
      lock === null ? 'busy' : this.drainHere(),
    );
  }

  private async drainHere(): Promise<DrainOutcome> {
    this.running = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const { outbox } = this.options;
    // While a batch is on the network, the next one is read and the last answered one is
    // recorded: the queue's own work overlaps the round trip instead of adding to it.
    let settling: Promise<void> = Promise.resolve();
    try {
      let batch = await outbox.nextBatch(this.batchSize);
      for (;;) {
        if (batch.length === 0) {
          await settling;
          this.failures = 0;
          this.setState({ kind: 'idle' });
          return 'drained';
        }
        this.setState({ kind: 'sending' });
        const sending = this.options.transport
          .send(batch.map((item) => item.operation))
          .catch(() => 'network-error' as const);
        const upcoming = outbox.nextBatch(this.batchSize, batch.at(-1)?.seq);
        const answer = await sending;
        const verdict = this.judge(answer);
        const parsed =
          verdict.kind === 'answered' && answer !== 'network-error'
            ? syncResponseSchema.safeParse(answer.body)
            : undefined;
        if (verdict.kind === 'answered' && parsed?.success) {
          await settling;
          const answered = batch;
          settling = outbox.settle(answered, parsed.data.results, this.now()).then(() => {
            this.options.onResults?.(parsed.data.results);
          });
          this.failures = 0;
          batch = await upcoming;
          continue;
        }
        await Promise.all([settling, upcoming]);
        if (verdict.kind === 'stop') {
          this.setState({ kind: 'stopped', code: verdict.code });
          return 'stopped';
        }
        // A network error, a 5xx, or a 200 we cannot read: nothing is settled; try again later.
        this.failures += 1;
        const afterMs = verdict.kind === 'retry' ? verdict.afterMs : 30_000;
        this.setState({ kind: 'waiting', retryAt: this.now() + afterMs, failures: this.failures });
        this.cancelTimer = this.schedule(() => void this.drain(), afterMs);
        return 'waiting';
      }
    } finally {
      this.running = false;
    }
  }

  private judge(
    answer: { status: number; retryAfter: string | null; body: unknown } | 'network-error',
  ) {
    const errorCode =
      answer === 'network-error'
        ? undefined
        : (answer.body as { error?: { code?: string } } | null)?.error?.code;
    return judgeBatchAnswer(
      answer === 'network-error'
        ? answer
        : {
            status: answer.status,
            retryAfter: answer.retryAfter,
            ...(errorCode !== undefined ? { errorCode } : {}),
          },
      this.failures,
      this.now(),
      this.random(),
    );
  }

  stop(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }
}
