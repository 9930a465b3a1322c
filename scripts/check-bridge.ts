import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { BridgeClient } from '../bridge/client/bridge-client';
import { DEFAULT_BRIDGE_PORT, DEFAULT_ORIGINS } from '../bridge/config';
import { WEBSOCKET_PATH } from '../bridge/server/bridge-server';
import { errorMessage } from '../core/error-messages';
import type { BridgeErrorCode } from '../core/errors';

/**
 * `npm run bridge:check`: the check a person setting up a shop PC runs. It pairs with the running
 * bridge as the app would, shows the readers, reads a My Number card's certificate (no PIN: a
 * check must never spend a PIN try) and a service card. In simulation it places the virtual cards.
 */
const { values } = parseArgs({
  options: { port: { type: 'string' }, origin: { type: 'string' } },
});
const port = values.port ?? process.env.MYKEY_BRIDGE_PORT ?? String(DEFAULT_BRIDGE_PORT);
const origin =
  values.origin ?? process.env.MYKEY_BRIDGE_ORIGINS?.split(',')[0] ?? DEFAULT_ORIGINS[0];
const say = (line: string) => process.stdout.write(`${line}\n`);
const WAIT_MS = 30_000;

function explain(answer: { ok: false; code: string }): string {
  return `${errorMessage(answer.code as BridgeErrorCode)} (${answer.code})`;
}

async function main(): Promise<void> {
  const url = `ws://127.0.0.1:${port}${WEBSOCKET_PATH}`;
  let client: BridgeClient;
  try {
    client = await BridgeClient.connect(url, origin as string);
  } catch (error) {
    say(
      `カードブリッジに接続できません / cannot reach the bridge at ${url}: ${(error as Error).message}`,
    );
    say('  npm start (または npm run start:bridge) で起動してください / start it first');
    process.exit(1);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  await client.pair(async () => {
    say('ブリッジの画面にペアリングコードが表示されました / the bridge printed a pairing code');
    return (await prompt.question('ペアリングコード / pairing code: ')).trim();
  });
  prompt.close();
  const hello = await client.request('hello');
  const simulated = hello.ok && hello.result.simulated === true;
  const status = await client.request('status');
  if (status.ok) say(`状態 / status: ${JSON.stringify(status.result)}`);

  if (simulated) await client.request('simulate.place', { card: 'mynumber' });
  else say(`マイナンバーカードをかざしてください / place a My Number card (${WAIT_MS / 1000} s)`);
  const card = await client.request('mynumber.read', { waitMs: WAIT_MS });
  if (card.ok) {
    const { myKeyId, issuingDeskCode, notAfter, apdus } = card.result;
    say(
      `  マイキーID(既定) / default My Key ID: ${myKeyId}  受付端末識別記号 / desk code: ${issuingDeskCode}`,
    );
    say(`  有効期限 / valid until: ${notAfter}  APDU: ${apdus}`);
  } else say(`  ${explain(card)}`);

  if (simulated) await client.request('simulate.place', { card: 'service' });
  else say(`サービスのカードをかざしてください / place a service card (${WAIT_MS / 1000} s)`);
  const service = await client.request('service.read', { waitMs: WAIT_MS });
  if (service.ok) say(`  UID / IDm: ${service.result.uid} (${service.result.technology})`);
  else say(`  ${explain(service)}`);

  client.close();
  process.exit(card.ok && service.ok ? 0 : 1);
}

await main();
