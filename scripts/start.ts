import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { simulatedCaPemFile } from '../bridge/simulate/simulated-cards';

/**
 * `npm start`: the whole system on one machine with embedded defaults: the reception app (built,
 * then served by the platform), the platform API (PGlite) and the card bridge (real readers if pcscd has any, the simulated reader otherwise). Each runs
 * as its own process, as it would in a deployment (the bridge on the shop PC, the platform in
 * the cloud); their output is shown here with a prefix. Ctrl+C stops both; `kill <pid>` stops
 * one (its PID is printed) and leaves the other running.
 */
const parts = [
  { name: 'platform', script: 'platform/process/main.ts', args: [] as string[] },
  { name: 'bridge  ', script: 'bridge/main.ts', args: process.argv.slice(2) },
];
const partEnv = (name: string): NodeJS.ProcessEnv =>
  name === 'platform' ? { ...process.env, MYKEY_TRUST_ANCHORS: trustAnchors } : process.env;

// The reception app is built first, so the platform serves the current version at `/`.
process.stdout.write('[app     ] 受付アプリをビルドしています / building the reception app…\n');
const build = spawnSync(
  process.execPath,
  [
    'node_modules/vite/bin/vite.js',
    'build',
    '--config',
    'app/vite.config.ts',
    '--logLevel',
    'warn',
  ],
  { stdio: 'inherit' },
);
if (build.status !== 0) {
  process.stderr.write('[app     ] ビルドに失敗しました / the app did not build\n');
  process.exit(1);
}

// In development the bridge may simulate a My Number card; its CA is trusted by this platform
// only, and the banner says so. A production platform trusts the real JPKI CAs alone.
const bridgeDataDir = process.env.MYKEY_BRIDGE_DATA_DIR ?? '.data/bridge';
const simulatedCa = await simulatedCaPemFile(bridgeDataDir);
const trustAnchors = [process.env.MYKEY_TRUST_ANCHORS ?? 'certificates/jpki', simulatedCa].join(
  ',',
);
process.stdout.write(
  `[platform] 開発用: 模擬カードの認証局を信頼します / development: trusting the simulated cards' CA (${simulatedCa})\n`,
);

const children: ChildProcess[] = [];
let stopping = false;

function prefixLines(name: string, chunk: Buffer, out: NodeJS.WriteStream): void {
  for (const line of chunk.toString().split('\n')) {
    if (line !== '') out.write(`[${name}] ${line}\n`);
  }
}

/** How long the parts get to close their databases and ports before they are killed. */
const STOP_GRACE_MS = 10_000;

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/**
 * Stops every part and only then exits: a part left behind would keep the platform's data folder
 * locked, and the next `npm start` would fail. One that does not stop in time is killed.
 */
function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (running(child)) child.kill('SIGTERM');
  const kill = setTimeout(() => {
    for (const child of children) if (running(child)) child.kill('SIGKILL');
  }, STOP_GRACE_MS);
  Promise.all(
    children.map((c) => (running(c) ? new Promise((r) => c.once('exit', r)) : undefined)),
  ).then(() => {
    clearTimeout(kill);
    process.stdout.write('[start   ] すべて停止しました / everything stopped\n');
    process.exit(code);
  });
}

for (const part of parts) {
  const child = spawn(process.execPath, ['--import', 'tsx', part.script, ...part.args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: partEnv(part.name),
  });
  child.stdout?.on('data', (chunk: Buffer) => prefixLines(part.name, chunk, process.stdout));
  child.stderr?.on('data', (chunk: Buffer) => prefixLines(part.name, chunk, process.stderr));
  child.once('exit', (code) => {
    if (stopping) return;
    if (code === 0 && children.some(running)) {
      // Stopped on purpose (kill <pid>): the other part keeps running.
      process.stdout.write(
        `[${part.name}] 停止しました。ほかは動作中です (Ctrl+C ですべて停止) / stopped; the rest runs on (Ctrl+C stops it)\n`,
      );
      return;
    }
    if (!children.some(running)) return stopAll(code ?? 0);
    process.stderr.write(
      `[${part.name}] 終了しました / exited (${code}); すべて停止します / stopping\n`,
    );
    stopAll(code ?? 1);
  });
  children.push(child);
}

process.stdout.write(
  `[start   ] 停止 / stop: Ctrl+C ですべて / everything; 一部だけ / one part: kill ${children
    .map((child, i) => `${child.pid} (${parts[i]?.name.trim()})`)
    .join(', kill ')}\n`,
);

// `on`, not `once`: Ctrl+C arrives twice (from the terminal and from npm), and a second signal with
// no listener would end this process before the parts have stopped.
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
