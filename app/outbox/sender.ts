import type { Operation, OperationResult, SyncResponse } from '../../core/api/sync';
import type { AnyErrorCode } from '../../core/errors';
import { type Schedule, scheduleWithTimeout } from '../clock/timer';
import type { PlatformFailure, PlatformResult } from '../terminal/platform-client';
import type { Outbox } from './outbox';
import { judgeBatchFailure } from './sync-policy';

/** How a batch reaches the platform: COUNTER_API.sync through the app's platform client. */
export interface SyncTransport {
  /** The platform's typed answer or why there is none; a rejection counts as no network. */
  send(operations: Operation[]): Promise<PlatformResult<SyncResponse>>;
}

const NO_ANSWER: PlatformFailure = {
  ok: false,
  code: 'NETWORK_UNREACHABLE',
  status: undefined,
  retryAfter: null,
};

export type SenderState =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'waiting'; retryAt: number; failures: number }
  | { kind: 'stopped'; code: AnyErrorCode };

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
          .catch(() => NO_ANSWER);
        const upcoming = outbox.nextBatch(this.batchSize, batch.at(-1)?.seq);
        const answer = await sending;
        if (answer.ok) {
          await settling;
          const answered = batch;
          const { results } = answer.value;
          settling = outbox.settle(answered, results, this.now()).then(() => {
            this.options.onResults?.(results);
          });
          this.failures = 0;
          batch = await upcoming;
          continue;
        }
        await Promise.all([settling, upcoming]);
        const verdict = judgeBatchFailure(answer, this.failures, this.now(), this.random());
        if (verdict.kind === 'stop') {
          this.setState({ kind: 'stopped', code: verdict.code });
          return 'stopped';
        }
        // No answer, a 5xx, or an answer we cannot read: nothing is settled; try again later.
        this.failures += 1;
        this.setState({
          kind: 'waiting',
          retryAt: this.now() + verdict.afterMs,
          failures: this.failures,
        });
        this.cancelTimer = this.schedule(() => void this.drain(), verdict.afterMs);
        return 'waiting';
      }
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }
}
