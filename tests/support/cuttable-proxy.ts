import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the platform that a test can cut, like a shop's Wi-Fi dropping: every
 * connection through it (page, fetch, service worker) is reset and new ones are refused. In
 * `hold` mode requests still reach the platform but no answer comes back, to kill a page mid-sync.
 */
export interface CuttableProxy {
  url: string;
  cut(): void;
  hold(): void;
  restore(): void;
  /** How many requests whose first line starts with `prefix` went through. */
  requestsTo(prefix: string): number;
  close(): Promise<void>;
}

export async function startCuttableProxy(targetPort: number): Promise<CuttableProxy> {
  let mode: 'open' | 'cut' | 'hold' = 'open';
  const sockets = new Set<Socket>();
  const firstLines: string[] = [];
  const server = createServer((client) => {
    if (mode === 'cut') return client.destroy();
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      if (/^[A-Z]+ \//.test(text)) firstLines.push(text.slice(0, text.indexOf('\r\n')));
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (mode === 'open') client.write(chunk);
    });
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      mode = 'cut';
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    hold() {
      mode = 'hold';
    },
    restore() {
      mode = 'open';
    },
    requestsTo: (prefix) => firstLines.filter((line) => line.startsWith(prefix)).length,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
