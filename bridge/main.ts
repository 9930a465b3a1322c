import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, readBridgeConfig } from './config';
import { INFO_PATH, WEBSOCKET_PATH } from './server/bridge-identity';
import { PairingStore } from './server/pairings';
import { SIMULATED_PIN } from './simulate/simulated-cards';
import { SIMULATED_READER } from './simulate/simulated-readers';
import { startBridge } from './start-bridge';

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `npm run start:bridge -- pairings` lists the sites paired with this PC's bridge;
 * `pairings remove <origin>` forgets one (at once, also for a bridge that is running). The change
 * is made under the pairings file's lock, as the running bridge makes its own (a pairing made at
 * the same moment neither undoes the removal nor is lost).
 */
async function pairingsCommand(args: string[]): Promise<void> {
  // `pairings remove <origin> --data-dir <dir>`: the words first, then the bridge's own flags.
  const firstFlag = args.findIndex((arg) => arg.startsWith('--'));
  const words = firstFlag === -1 ? args : args.slice(0, firstFlag);
  const [verb, origin] = words;
  const config = await readBridgeConfig(firstFlag === -1 ? [] : args.slice(firstFlag));
  const store = await PairingStore.open(join(config.dataDir, 'pairings.json'));
  if (verb === undefined || verb === 'list') {
    const paired = store.list();
    if (paired.length === 0) say('ペアリング済みのサイトはありません / no site is paired');
    for (const p of paired) say(`${p.origin}   (ペアリング / paired ${p.pairedAt})`);
    return;
  }
  if (verb === 'remove' && origin !== undefined) {
    const removed = await store.remove(origin);
    say(
      removed > 0
        ? `${origin} のペアリングを削除しました (${removed} 件)。動作中のブリッジも、接続中のページをすぐに信頼しなくなります / removed; a running bridge stops trusting its open pages at once; they must pair again`
        : `${origin} はペアリングされていません / not paired (see: pairings)`,
    );
    if (removed === 0) process.exitCode = 1;
    return;
  }
  throw new ConfigError(
    '使い方 / usage: npm run start:bridge -- pairings [list | remove <origin>]',
  );
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'pairings') return pairingsCommand(rest);
  const config = await readBridgeConfig();
  // Pairing tokens and the simulated cards' keys: for this user only, whatever the umask.
  process.umask(0o077);
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const bridge = await startBridge(config, (origin, code) => {
    say('');
    say(
      `  ペアリングコード / pairing code: ${code}   (${origin} から / from; 2分間有効 / valid 2 min)`,
    );
    say('  この番号を受付アプリの画面に入力してください / type it into the reception app');
    say('');
  });
  const url = `http://127.0.0.1:${bridge.server.port}`;
  say('');
  say('カードブリッジを起動しました / MyKey Card Bridge is running');
  say(
    `  WebSocket:  ws://127.0.0.1:${bridge.server.port}${WEBSOCKET_PATH}   (info: ${url}${INFO_PATH})`,
  );
  say(`  接続を許可するオリジン / allowed origins: ${config.allowedOrigins.join(', ')}`);
  if (bridge.simulator !== undefined) {
    say(
      `  模擬モード / SIMULATION: ${SIMULATED_READER}; 模擬カードの暗証番号 / simulated PIN ${SIMULATED_PIN}`,
    );
    if (config.mode === 'auto')
      say('  (カードリーダーが見つからないため / no card reader was found; --pcsc to require one)');
  } else {
    say(
      `  カードリーダー / readers: ${
        bridge.backend
          .readers()
          .map((r) => r.name)
          .join(', ') || '(待機中 / waiting)'
      }`,
    );
  }
  say('  停止 / stop: Ctrl+C');
  say('');

  // Reader and daemon changes go to the console for whoever looks after this PC; cards do not.
  let lastReaders = bridge.backend
    .readers()
    .map((r) => r.name)
    .join(', ');
  let lastState = bridge.backend.state();
  bridge.backend.onChange((change) => {
    if (change.kind !== 'readers') return;
    const state = bridge.backend.state();
    if (state !== lastState) {
      say(
        state === 'available'
          ? 'pcscd に接続しました / pcscd is back'
          : 'pcscd に接続できません。再接続を続けます / pcscd is gone; retrying',
      );
      lastState = state;
    }
    const readers = bridge.backend
      .readers()
      .map((r) => r.name)
      .join(', ');
    if (readers !== lastReaders) say(`カードリーダー / readers: ${readers || '(なし / none)'}`);
    lastReaders = readers;
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await bridge.close();
    process.exit(0);
  };
  // `on`, not `once`: Ctrl+C under npm arrives twice (from the terminal and from npm).
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : (error as Error).message;
  process.stderr.write(
    process.argv[2] === 'pairings'
      ? `ペアリングを変更できませんでした / could not change the pairings: ${message}\n`
      : `カードブリッジを起動できませんでした / could not start the bridge: ${message}\n`,
  );
  process.exit(1);
});
