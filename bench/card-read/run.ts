/**
 * bench/card-read: over the real pcscd + vpcd stack, the time from "card present" to the auth
 * certificate in the hands of a WebSocket client of the bridge, against raw `pcsclite` transmits
 * of the very same APDUs from the moment the same pcscd reports the card; both in the same run,
 * interleaved. Also the APDUs per read against the fewest the card allows.
 * Target: the bridge adds under 10%; the fewest APDUs.
 *   npx tsx bench/card-read/run.ts       (BENCH_READS to change the number of reads per side)
 */
import type { CardReader, PCSCLite } from 'pcsclite';
import { hex } from '../../bridge/cards/apdu';
import type { BridgeClient } from '../../bridge/client/bridge-client';
import { loadPcscAddon, PcscReaders } from '../../bridge/pcsc/pcsc-readers';
import { VpcdConnection } from '../../bridge/simulate/vpcd-connection';
import { startTestBridge } from '../../tests/support/bridge-harness';
import { startPrivatePcscd } from '../../tests/support/private-pcscd';
import { makeTestMyNumberCard } from '../../tests/support/virtual-cards';
import { describeMachine, writeBenchmarkSection } from '../machine';
import { median, quantile } from '../stats';

const READS = Number(process.env.BENCH_READS ?? 40);
const WARMUP = 3;
const READER = 'Virtual PCD 00 00';

const pcscd = await startPrivatePcscd();
const myNumber = await makeTestMyNumberCard();
const sent: Uint8Array[] = [];
const transmit = myNumber.card.transmit.bind(myNumber.card);
myNumber.card.transmit = (apdu) => {
  sent.push(apdu);
  return transmit(apdu);
};

const readers = new PcscReaders({ retryMs: 200 });
const bridge = await startTestBridge(readers);
const client = await bridge.pairedClient();
await client.firstEvent((e) => e.event === 'readers' && e.readers.length > 0);

// The baseline's own PC/SC context, watching the same reader.
const raw: PCSCLite = loadPcscAddon()();
raw.on('error', () => {});
const rawReader = await new Promise<CardReader>((resolve) =>
  raw.on('reader', (reader) => {
    reader.on('error', () => {});
    if (reader.name === READER) resolve(reader);
  }),
);
const rawPresence: Array<(present: boolean) => void> = [];
rawReader.on('status', (status) => {
  const present = (status.state & rawReader.SCARD_STATE_PRESENT) !== 0;
  for (const waiter of rawPresence.splice(0)) waiter(present);
});
const rawCardState = (wanted: boolean) =>
  new Promise<void>((resolve) => {
    const wait = (present: boolean) => (present === wanted ? resolve() : rawPresence.push(wait));
    rawPresence.push(wait);
  });

function rawRead(apdus: Uint8Array[]): Promise<void> {
  return new Promise((resolve, reject) => {
    rawReader.connect({ share_mode: rawReader.SCARD_SHARE_SHARED }, async (error, protocol) => {
      if (error) return reject(error);
      for (const apdu of apdus) {
        await new Promise<void>((done, fail) =>
          rawReader.transmit(Buffer.from(apdu), 258, protocol, (e) => (e ? fail(e) : done())),
        );
      }
      rawReader.disconnect(rawReader.SCARD_LEAVE_CARD, () => resolve());
    });
  });
}

let vpcd: VpcdConnection | undefined;
async function insert(): Promise<void> {
  vpcd = new VpcdConnection(myNumber.card, pcscd.vpcdPort);
  await vpcd.insert();
}
async function removeCard(bridgeClient: BridgeClient): Promise<void> {
  const gone = Promise.all([
    rawCardState(false),
    bridgeClient.nextEvent((e) => e.event === 'card' && e.state === 'removed'),
  ]);
  await vpcd?.remove();
  await gone;
}

/** From the bridge's "card present" event at the client to the certificate at the client. */
async function bridgeRound(): Promise<{ ms: number; apdus: number }> {
  const landed = client.nextEvent((e) => e.event === 'card' && e.state === 'present');
  await insert();
  await landed;
  const t0 = performance.now();
  const read = await client.request('mynumber.read');
  const ms = performance.now() - t0;
  if (!read.ok) throw new Error(`bridge read failed: ${read.code}`);
  await removeCard(client);
  return { ms, apdus: read.result.apdus as number };
}

/** From pcscd's "card present" status at a raw context to the last APDU answered. */
async function rawRound(apdus: Uint8Array[]): Promise<number> {
  const landed = rawCardState(true);
  await insert();
  await landed;
  const t0 = performance.now();
  await rawRead(apdus);
  const ms = performance.now() - t0;
  await removeCard(client);
  return ms;
}

process.stdout.write(
  `card-read: ${READS} reads per side, interleaved, after ${WARMUP} warm-up each\n`,
);
sent.length = 0;
const first = await bridgeRound();
const sameApdus = [...sent];
const bridgeMs: number[] = [];
const rawMs: number[] = [];
for (let i = 0; i < WARMUP + READS; i += 1) {
  const pair =
    i % 2 === 0
      ? [await bridgeRound(), await rawRound(sameApdus)]
      : [await rawRound(sameApdus), await bridgeRound()].reverse();
  const [bridged, rawTime] = pair as [{ ms: number; apdus: number }, number];
  if (bridged.apdus !== first.apdus) throw new Error('the APDU count changed between reads');
  if (i < WARMUP) continue;
  bridgeMs.push(bridged.ms);
  rawMs.push(rawTime);
}

const length = myNumber.issued.certificate.rawData.byteLength;
const fewest = 2 + Math.ceil(length / 256);
const ratio = median(bridgeMs) / median(rawMs);
const f = (ms: number) => ms.toFixed(2);
const markdown = [
  '## card-read',
  '',
  `Reading the auth certificate (${length} bytes) of a virtual My Number card through Debian's pcscd ${'and'} the vsmartcard vpcd reader. Bridge: from the bridge's "card present" event at a WebSocket client to the parsed certificate at that client (queue, connect, guarded APDUs, disconnect, X.509 parse, JSON). Baseline: raw \`pcsclite\` in the same process, from the same pcscd's "card present" status to the last answer, sending the very APDUs the bridge sent (connect, ${sameApdus.length} transmits, disconnect). ${READS} reads per side, interleaved, after ${WARMUP} warm-up reads each; the card is taken off and placed again for every read. Run with \`npx tsx bench/card-read/run.ts\`.`,
  '',
  `Machine: ${describeMachine()}. Run: ${new Date().toISOString()}.`,
  '',
  '| path | median ms | p90 ms | APDUs per read |',
  '|---|---|---|---|',
  `| baseline: raw pcsclite transmits | ${f(median(rawMs))} | ${f(quantile(rawMs, 0.9))} | ${sameApdus.length} |`,
  `| bridge, to the WebSocket client | ${f(median(bridgeMs))} | ${f(quantile(bridgeMs, 0.9))} | ${first.apdus} |`,
  '',
  `Ratio bridge / baseline (medians): ${ratio.toFixed(3)}, so the bridge adds ${((ratio - 1) * 100).toFixed(1)}% (target < 10%) — ${ratio < 1.1 ? 'met' : 'NOT met'}; in time, ${f(median(bridgeMs) - median(rawMs))} ms a read. Most of the baseline is vpcd's own latency (about ${f(median(rawMs) / sameApdus.length)} ms an APDU over its TCP link), which a USB reader does not have, so that absolute figure is the one to carry over to real readers. APDUs: ${first.apdus}, the fewest this card allows being ${fewest} (select AP, select EF, ⌈${length}/256⌉ reads of up to 256 bytes) — ${first.apdus === fewest ? 'met' : 'NOT met'}. The APDUs sent: ${sameApdus.map((a) => hex(a.slice(0, 4))).join(', ')}.`,
].join('\n');
process.stdout.write(`${markdown}\n`);
await writeBenchmarkSection('card-read', markdown);

client.close();
raw.close();
await bridge.close();
await readers.close();
await pcscd.stop();
process.exit(0);
