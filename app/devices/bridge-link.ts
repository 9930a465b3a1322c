import {
  answerTo,
  BRIDGE_PROTOCOL_VERSION,
  type BridgeAnswerTo,
  type BridgeEvent,
  type BridgeFailure,
  type BridgeMessage,
  type BridgeRequest,
  type BridgeRequestType,
  bridgeMessageSchema,
} from '../../core/bridge/protocol';

export type BridgeLinkState =
  | { kind: 'connecting' }
  /** No bridge answers on this PC (not started, or another port). */
  | { kind: 'unreachable' }
  | { kind: 'unpaired' }
  | { kind: 'ready'; simulated: boolean };

export interface TokenStore {
  get(): Promise<string | undefined>;
  set(token: string): Promise<void>;
}

export type BridgeFields<T extends BridgeRequestType> = Omit<
  Extract<BridgeRequest, { type: T }>,
  'v' | 'id' | 'type' | 'waitMs'
> & { waitMs?: number };

/** What a screen or the kiosk needs of the bridge: one typed request. */
export type BridgeRequester = <T extends BridgeRequestType>(
  type: T,
  fields?: BridgeFields<T>,
) => Promise<BridgeAnswerTo<T>>;

/** A request's answer frame, or nothing when the connection went first. */
type Frame = Extract<BridgeMessage, { type: 'result' | 'error' }> | 'unreachable';

const UNREACHABLE: BridgeFailure = {
  ok: false,
  code: 'BRIDGE_UNREACHABLE',
  message: 'カードブリッジに接続できません。',
};

/**
 * The app's connection to the card bridge on this PC: it connects, says hello with the pairing
 * token it keeps, reconnects by itself when the bridge restarts, and passes the bridge's events on.
 */
export class BridgeLink {
  private socket: WebSocket | undefined;
  private readonly pending = new Map<string, (frame: Frame) => void>();
  private counter = 0;
  private retryMs = 1000;
  private closed = false;

  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private url: string,
    private readonly tokens: TokenStore,
    private readonly onState: (state: BridgeLinkState) => void,
    private readonly onEvent: (event: BridgeEvent) => void,
  ) {}

  connect(): void {
    if (this.closed) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.onState({ kind: 'connecting' });
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      this.retryLater();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 1000;
      void this.greet();
    };
    socket.onmessage = (message) => this.receive(String(message.data));
    socket.onclose = () => {
      for (const settle of this.pending.values()) settle('unreachable');
      this.pending.clear();
      this.socket = undefined;
      this.onState({ kind: 'unreachable' });
      this.retryLater();
    };
  }

  private retryLater(): void {
    if (this.closed) return;
    this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 15_000);
  }

  /** Another address (staff changed the bridge's port in 端末設定): leave this one, dial that. */
  retarget(url: string): void {
    this.url = url;
    this.retryMs = 1000;
    const socket = this.socket;
    // Closing runs onclose, which says unreachable and dials again (now the new address).
    if (socket !== undefined) socket.close();
    else this.connect();
  }

  private async greet(): Promise<void> {
    const token = await this.tokens.get();
    const hello = await this.request('hello', token === undefined ? {} : { token });
    if (!hello.ok) return;
    this.onState(
      hello.result.paired
        ? { kind: 'ready', simulated: hello.result.simulated }
        : { kind: 'unpaired' },
    );
  }

  private receive(text: string): void {
    let parsed: ReturnType<typeof bridgeMessageSchema.safeParse>;
    try {
      parsed = bridgeMessageSchema.safeParse(JSON.parse(text));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'event') {
      this.onEvent(message.data);
      return;
    }
    if (message.id === null) return;
    const settle = this.pending.get(message.id);
    this.pending.delete(message.id);
    settle?.(message);
  }

  /** One request; its answer read with the protocol's schema for that request type. */
  request<T extends BridgeRequestType>(
    type: T,
    fields: BridgeFields<T> = {} as BridgeFields<T>,
  ): Promise<BridgeAnswerTo<T>> {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN)
      return Promise.resolve(UNREACHABLE);
    this.counter += 1;
    const id = `a${this.counter}`;
    return new Promise((resolve) => {
      this.pending.set(id, (frame) =>
        resolve(frame === 'unreachable' ? UNREACHABLE : answerTo(type, frame)),
      );
      socket.send(JSON.stringify({ v: BRIDGE_PROTOCOL_VERSION, id, type, ...fields }));
    });
  }

  /** Asks the bridge to show a code; the person types it into `confirmPairing`. */
  beginPairing(): Promise<BridgeAnswerTo<'pair.begin'>> {
    return this.request('pair.begin');
  }

  async confirmPairing(code: string): Promise<BridgeAnswerTo<'pair.confirm'>> {
    const answer = await this.request('pair.confirm', { code });
    if (answer.ok) {
      await this.tokens.set(answer.result.token);
      await this.greet();
    }
    return answer;
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }
}
