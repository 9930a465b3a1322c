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
  CARD_REQUEST_KINDS,
  waitsForCard,
} from '../../core/bridge/protocol';

export type BridgeLinkState =
  | { kind: 'connecting' }
  /** No bridge answers on this PC (not started, or another port). */
  | { kind: 'unreachable' }
  /** Never paired, or its pairing removed at the PC (`pairings remove`): 端末設定 offers pairing. */
  | { kind: 'unpaired' }
  /** A bridge that speaks another protocol version (`bridgeProtocol`, when it said which). */
  | { kind: 'incompatible'; bridgeProtocol?: number }
  | { kind: 'ready'; simulated: boolean; bridgeVersion: string };

/** Which reader serves which card (端末設定); a kind not named may be read on any reader. */
export interface ReaderRoles {
  mynumber?: string | undefined;
  service?: string | undefined;
}

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
type Frame = Extract<BridgeMessage, { type: 'result' | 'error' }> | 'unreachable' | 'incompatible';

const UNREACHABLE: BridgeFailure = {
  ok: false,
  code: 'BRIDGE_UNREACHABLE',
  message: 'カードブリッジに接続できません。',
};

const INCOMPATIBLE: BridgeFailure = {
  ok: false,
  code: 'PROTOCOL_VERSION_UNSUPPORTED',
  message: 'カードブリッジの版がこのアプリと合いません。',
};

/**
 * The app's connection to the card bridge on this PC: it connects, says hello with the pairing
 * token it keeps, reconnects by itself when the bridge restarts, and passes the bridge's events on.
 */
export class BridgeLink {
  private socket: WebSocket | undefined;
  private readonly pending = new Map<string, (frame: Frame) => void>();
  /** Card requests still waiting, by id: what 【取消】 cancels. */
  private readonly waitingReads = new Set<string>();
  private roles: ReaderRoles = {};
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
    if (!hello.ok) {
      // An older bridge refuses this app's version in its own (readable) frame.
      if (hello.code === 'PROTOCOL_VERSION_UNSUPPORTED') this.onState({ kind: 'incompatible' });
      return;
    }
    this.onState(
      hello.result.paired
        ? {
            kind: 'ready',
            simulated: hello.result.simulated,
            bridgeVersion: hello.result.bridgeVersion,
          }
        : { kind: 'unpaired' },
    );
  }

  private receive(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return;
    }
    const version = (raw as { v?: unknown } | null)?.v;
    if (version !== BRIDGE_PROTOCOL_VERSION) {
      // A bridge of another protocol version: nothing it says can be read as this version's, so
      // every waiting request ends now (no read waits out its timeout) and staff are told which
      // to install. The socket stays: a replaced bridge closes it and is dialled again.
      for (const settle of this.pending.values()) settle('incompatible');
      this.pending.clear();
      this.onState({
        kind: 'incompatible',
        ...(typeof version === 'number' ? { bridgeProtocol: version } : {}),
      });
      return;
    }
    const parsed = bridgeMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'unpaired') {
      // The site's pairing was removed at the PC: the waiting reads end with PAIRING_REMOVED (the
      // bridge answers them), and 端末設定 offers pairing again.
      this.onState({ kind: 'unpaired' });
      return;
    }
    if (message.type === 'event') {
      this.onEvent(message.data);
      return;
    }
    if (message.id === null) return;
    const settle = this.pending.get(message.id);
    this.pending.delete(message.id);
    settle?.(message);
  }

  /** Staff chose readers in 端末設定: each card request goes to its kind's reader from now on. */
  setReaderRoles(roles: ReaderRoles): void {
    this.roles = { ...roles };
  }

  /** 【取消】: every card request still waiting for a card ends now, with CANCELLED. */
  cancelReads(): void {
    for (const target of [...this.waitingReads]) void this.request('cancel', { target });
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
    const kind = waitsForCard(type) ? CARD_REQUEST_KINDS[type] : undefined;
    const reader = kind === undefined ? undefined : this.roles[kind];
    if (kind !== undefined) this.waitingReads.add(id);
    return new Promise((resolve) => {
      this.pending.set(id, (frame) => {
        this.waitingReads.delete(id);
        resolve(
          frame === 'unreachable'
            ? UNREACHABLE
            : frame === 'incompatible'
              ? INCOMPATIBLE
              : answerTo(type, frame),
        );
      });
      socket.send(
        JSON.stringify({
          v: BRIDGE_PROTOCOL_VERSION,
          id,
          type,
          ...(reader === undefined ? {} : { reader }),
          ...fields,
        }),
      );
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
