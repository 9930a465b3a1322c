import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PCSCD = '/usr/sbin/pcscd';
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';

/**
 * A pcscd of a test file's own: Debian's real daemon with the vsmartcard vpcd reader on ports of
 * its own, so a suite may restart it or take its reader away without touching any other suite or
 * the machine's pcscd. pcscd's socket path is fixed at /run/pcscd, so it runs in a private mount
 * namespace where that folder is a temporary one; this process's libpcsclite is pointed at the
 * socket with PCSCLITE_CSOCK_NAME (read once, on the first PC/SC call: call this before any).
 */
export interface PrivatePcscd {
  /** vpcd's first slot ("Virtual PCD 00 00"); the second slot ("… 00 01") is `vpcdPort + 1`. */
  vpcdPort: number;
  logFile: string;
  /** Stops pcscd (as `systemctl restart` would) and starts it again, with or without its reader. */
  restart(options?: { withReader?: boolean }): Promise<void>;
  stop(): Promise<void>;
  start(options?: { withReader?: boolean }): Promise<void>;
}

export function requirePcscd(): void {
  const missing = [PCSCD, VPCD_DRIVER].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `the real PC/SC stack is missing (${missing.join(', ')}): sudo apt-get install pcscd libpcsclite-dev vsmartcard-vpcd`,
    );
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

async function freePortPair(): Promise<number> {
  for (let i = 0; i < 50; i += 1) {
    const port = 40_000 + Math.floor(Math.random() * 10_000) * 2; // an even port below 60000
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error('no two free ports next to each other for vpcd');
}

async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startPrivatePcscd(): Promise<PrivatePcscd> {
  requirePcscd();
  const dir = mkdtempSync(join(tmpdir(), 'mykey-pcscd-'));
  const runDir = join(dir, 'run');
  const confDir = join(dir, 'reader.conf.d');
  execFileSync('mkdir', ['-p', runDir, confDir]);
  const socket = join(runDir, 'pcscd.comm');
  const logFile = join(dir, 'pcscd.log');
  process.env.PCSCLITE_CSOCK_NAME = socket;
  const vpcdPort = await freePortPair();
  const hex = `0x${vpcdPort.toString(16).toUpperCase()}`;
  let child: ChildProcess | undefined;
  // As root a mount namespace is enough; otherwise a user namespace makes us root inside it.
  const unshare =
    process.getuid?.() === 0
      ? ['-m', '--propagation', 'private']
      : ['-r', '-m', '--propagation', 'private'];

  const start = async ({ withReader = true } = {}) => {
    const conf = join(confDir, 'vpcd');
    writeFileSync(
      conf,
      withReader
        ? `FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:${hex}\nLIBPATH ${VPCD_DRIVER}\nCHANNELID ${hex}\n`
        : '',
    );
    rmSync(socket, { force: true });
    const script = `mount --bind '${runDir}' /run/pcscd && exec ${PCSCD} --foreground --info -c '${confDir}' >>'${logFile}' 2>&1`;
    child = spawn('unshare', [...unshare, 'sh', '-c', script], { stdio: 'ignore' });
    const started = child;
    await waitFor(
      () => existsSync(socket) || started.exitCode !== null,
      `pcscd to start (log: ${logFile})`,
    );
    if (started.exitCode !== null)
      throw new Error(`pcscd exited with ${started.exitCode}; see ${logFile}`);
  };

  const stop = async () => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };

  await start();
  return {
    vpcdPort,
    logFile,
    start,
    stop,
    restart: async (options) => {
      await stop();
      await start(options);
    },
  };
}
