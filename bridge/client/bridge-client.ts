import WebSocket from 'ws';
import {
  answerOf,
  BRIDGE_PROTOCOL_VERSION,
  type BridgeAnswer,
  type BridgeEvent,
  type BridgeMessage,
  type BridgeRequest,
  bridgeMessageSchema,
} from '../../core/bridge/protocol';

type RequestFields<T extends BridgeRequest['type']> = Omit<
  Extract<BridgeRequest, { type: T }>,
  'v' | 'id' | 'type' | 'waitMs'
> & { waitMs?: number };

export type { BridgeAnswer };

/**
 * The app's side of the bridge protocol for Node: the reader check (`npm run bridge:check`), the
 * tests and the benchmark. Every frame the bridge sends is checked against the core schema,
 * answers are matched to requests by id, events are kept. (The browser app has its own.)
 */
export class BridgeClient {
  readonly events: BridgeEvent[] = [];
  /** The bridge said this connection is paired no more (the site's pairing was removed). */
  unpaired = false;
  private readonly unpairedWaiters: Array<() => void> = [];
  private readonly pending = new Map<string, (answer: BridgeAnswer) => void>();
  private readonly eventWaiters: Array<{
    match: (event: BridgeEvent) => boolean;
    resolve: (event: BridgeEvent) => void;
  }> = [];
  private counter = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(data.toString()));
  }

  static connect(url: string, origin: string): Promise<BridgeClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { origin });
      socket.once('open', () => resolve(new BridgeClient(socket)));
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`refused with HTTP ${response.statusCode}`)),
      );
      socket.once('error', reject);
    });
  }

  private receive(text: string): void {
    const message: BridgeMessage = bridgeMessageSchema.parse(JSON.parse(text));
    if (message.type === 'unpaired') {
      this.unpaired = true;
      for (const waiter of this.unpairedWaiters.splice(0)) waiter();
      return;
    }
    if (message.type === 'event') {
      this.events.push(message.data);
      for (const waiter of [...this.eventWaiters]) {
        if (!waiter.match(message.data)) continue;
        this.eventWaiters.splice(this.eventWaiters.indexOf(waiter), 1);
        waiter.resolve(message.data);
      }
      return;
    }
    const settle = message.id === null ? undefined : this.pending.get(message.id);
    if (settle === undefined) throw new Error(`an answer nobody asked for: ${text}`);
    this.pending.delete(message.id as string);
    settle(answerOf(message));
  }

  /** The id the last request went with (what a `cancel` names). */
  get lastRequestId(): string {
    return `r${this.counter}`;
  }

  request<T extends BridgeRequest['type']>(
    type: T,
    fields: RequestFields<T> = {} as RequestFields<T>,
  ): Promise<BridgeAnswer> {
    this.counter += 1;
    const id = `r${this.counter}`;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ v: BRIDGE_PROTOCOL_VERSION, id, type, ...fields }));
    });
  }

  /** Sends a raw frame; the answer (if any) to `id` is returned. */
  raw(text: string, id: string): Promise<BridgeAnswer> {
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(text);
    });
  }

  /** The first event ever received that matches, waiting for it if it has not come yet. */
  firstEvent(match: (event: BridgeEvent) => boolean, ms = 10_000): Promise<BridgeEvent> {
    const seen = this.events.find(match);
    return seen !== undefined ? Promise.resolve(seen) : this.nextEvent(match, ms);
  }

  /** The next matching event from now on. */
  nextEvent(match: (event: BridgeEvent) => boolean, ms = 10_000): Promise<BridgeEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such event in time')), ms);
      this.eventWaiters.push({
        match,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      });
    });
  }

  /** Resolves when the bridge says this connection is paired no more (at once if it said so). */
  whenUnpaired(ms = 10_000): Promise<void> {
    if (this.unpaired) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('not unpaired in time')), ms);
      this.unpairedWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** hello, then pair with the code the bridge showed; returns the token. */
  async pair(codes: () => string | undefined | Promise<string | undefined>): Promise<string> {
    await this.request('hello');
    const begun = await this.request('pair.begin');
    if (!begun.ok) throw new Error(`pair.begin: ${begun.code}`);
    const code = await codes();
    if (code === undefined) throw new Error('the bridge showed no pairing code');
    const confirmed = await this.request('pair.confirm', { code });
    if (!confirmed.ok) throw new Error(`pair.confirm: ${confirmed.code}`);
    return confirmed.result.token as string;
  }

  close(): void {
    this.socket.close();
  }
}
