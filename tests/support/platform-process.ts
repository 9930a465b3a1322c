import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';

/**
 * `npm run start:platform` as an operator runs it, as a real process (started under umask 022,
 * the usual default, so that file modes show what the platform itself chose).
 */
export class PlatformProcess {
  private child: ChildProcess | undefined;
  private output = '';

  /** A fixed port, so that terminals keep their address across restarts. */
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<string> {
    this.output = '';
    const child = spawn(
      'sh',
      ['-c', 'umask 022; exec "$0" --import tsx platform/process/main.ts', process.execPath],
      {
        env: {
          ...process.env,
          MYKEY_PORT: String(this.port),
          MYKEY_LOG_LEVEL: 'warn',
          ...this.env,
        },
      },
    );
    this.child = child;
    child.stdout?.on('data', (chunk) => {
      this.output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      this.output += chunk;
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (this.output.includes(`URL:        ${this.url}/v1/health`)) return this.url;
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`the platform did not start:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The process `npm run start:platform` started (a fleet's primary). */
  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error('the platform has not started');
    return pid;
  }

  /** What it printed since it last started. */
  get printed(): string {
    return this.output;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}

/** Every file and folder under `dir` whose mode lets its group or others in, with the mode. */
export function openToOthers(dir: string): string[] {
  const open: string[] = [];
  const visit = (path: string) => {
    const stat = statSync(path);
    if ((stat.mode & 0o077) !== 0) open.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return open;
}

/** A loopback port nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
