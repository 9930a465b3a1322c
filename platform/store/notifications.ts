import pg from 'pg';

/** What a process does with a channel's notifications. */
export interface NotificationHandler {
  onMessage(payload: string): void;
  /**
   * Notifications may have been missed (the listening connection was lost, or is back after a
   * loss): whatever they would have said must be assumed.
   */
  onGap(): void;
}

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 2_000;

/**
 * LISTEN on one channel over a connection of its own, for as long as the process runs: lost
 * connections (a database restart, a failover) are made again by themselves, with a short
 * backoff, and each loss is reported as a gap. Returns the stop.
 */
export function listenOnPostgres(
  connectionString: string,
  channel: string,
  handler: NotificationHandler,
): () => Promise<void> {
  if (!/^[a-z_]+$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let stopped = false;
  let client: pg.Client | undefined;
  let retryMs = RETRY_FIRST_MS;
  let timer: NodeJS.Timeout | undefined;

  const again = () => {
    client = undefined;
    handler.onGap();
    if (stopped) return;
    timer = setTimeout(() => void connect(), retryMs);
    retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
    let lost = false;
    const onLoss = () => {
      if (lost) return;
      lost = true;
      next.end().catch(() => {});
      again();
    };
    next.on('error', onLoss);
    next.on('end', onLoss);
    next.on('notification', (message) => {
      if (message.channel === channel) handler.onMessage(message.payload ?? '');
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch {
      onLoss();
      return;
    }
    if (stopped) {
      lost = true;
      await next.end().catch(() => {});
      return;
    }
    client = next;
    retryMs = RETRY_FIRST_MS;
    // Whatever changed while nobody listened.
    handler.onGap();
  };

  void connect();
  return async () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    const open = client;
    client = undefined;
    if (open !== undefined) {
      open.removeAllListeners('end');
      open.removeAllListeners('error');
      open.on('error', () => {});
      await open.end().catch(() => {});
    }
  };
}
