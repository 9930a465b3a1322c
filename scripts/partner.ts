import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { platformClient } from '../app/terminal/platform-client';
import { enrolKeys, webCryptoSigner } from '../app/terminal/terminal-identity';
import { PARTNER_API } from '../core/api/routes/partner';
import { errorMessage } from '../core/error-messages';
import { isKnownErrorCode } from '../core/errors';

/**
 * `npm run partner -- …`: a partner company's server in a few commands (地域経済応援ポイント), for
 * the quick tour and as a reference for a partner's own integration. It enrols once with the
 * enrolment code the operator gave (`npm run platform -- terminal add card1 "連携サーバ"`), keeps
 * its P-256 key in a file only its user can read, and signs every request (RFC 9421) as a counter
 * terminal does.
 */
const USAGE = `使い方 / usage:
  npm run partner -- enrol <enrolment-code> [platform-url]   一度だけ / once (default http://127.0.0.1:8787)
  npm run partner -- link-code <customer-number>              連携コード for a signed-in customer
  npm run partner -- convert <customer-number> <partner-points> [transaction-id]
  npm run partner -- coupons <count> <points> [valid-days]     クーポンコード`;

const KEY_FILE = process.env.MYKEY_PARTNER_KEY ?? join('.data', 'partner', 'partner-key.json');

interface Saved {
  platformUrl: string;
  terminalId: string;
  privateKey: JsonWebKey;
  publicKey: JsonWebKey;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

function usage(): never {
  process.stderr.write(`${USAGE}\n`);
  process.exit(1);
}

function fail(code: string): never {
  const sentence = isKnownErrorCode(code)
    ? `${errorMessage(code, 'ja')} / ${errorMessage(code, 'en')}`
    : code;
  process.stderr.write(`${sentence} (${code})\n`);
  process.exit(1);
}

async function enrol(code: string | undefined, platformUrl: string): Promise<void> {
  if (code === undefined) usage();
  // Extractable so it can be kept in the file: a partner's server has no browser profile to hold it.
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ]);
  const enrolled = await enrolKeys(code, keys, platformUrl);
  if (!enrolled.ok) fail(enrolled.code);
  const saved: Saved = {
    platformUrl,
    terminalId: enrolled.value.terminalId,
    privateKey: await crypto.subtle.exportKey('jwk', keys.privateKey),
    publicKey: await crypto.subtle.exportKey('jwk', keys.publicKey),
  };
  await mkdir(dirname(KEY_FILE), { recursive: true, mode: 0o700 });
  await writeFile(KEY_FILE, JSON.stringify(saved), { mode: 0o600 });
  await chmod(KEY_FILE, 0o600);
  say(`登録しました / enrolled as ${saved.terminalId}; key kept in ${KEY_FILE}`);
}

async function client() {
  let saved: Saved;
  try {
    saved = JSON.parse(await readFile(KEY_FILE, 'utf8')) as Saved;
  } catch {
    process.stderr.write(
      `鍵がありません。先に enrol してください / no key in ${KEY_FILE}: run enrol first\n`,
    );
    usage();
  }
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const keys = {
    privateKey: await crypto.subtle.importKey('jwk', saved.privateKey, algorithm, false, ['sign']),
    publicKey: await crypto.subtle.importKey('jwk', saved.publicKey, algorithm, true, ['verify']),
  };
  const signer = webCryptoSigner({ terminalId: saved.terminalId, keys });
  return platformClient({ kind: 'terminal', signer: () => signer }, saved.platformUrl);
}

const whole = (text: string | undefined) => {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : usage();
};

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'enrol') return enrol(rest[0], rest[1] ?? 'http://127.0.0.1:8787');
  if (command === 'link-code') {
    const customerId = rest[0] ?? usage();
    const answer = await (await client()).call(PARTNER_API.linkCode, { customerId });
    if (!answer.ok) fail(answer.code);
    say(`連携コード / link code: ${answer.value.code}  (${answer.value.validUntil} まで / until)`);
    return;
  }
  if (command === 'convert') {
    const customerId = rest[0] ?? usage();
    const partnerPoints = whole(rest[1]);
    const transactionId = rest[2] ?? randomUUID();
    const answer = await (await client()).call(PARTNER_API.convert, {
      transactionId,
      customerId,
      partnerPoints,
    });
    if (!answer.ok) fail(answer.code);
    const { result } = answer.value;
    if (result.status === 'rejected') fail(result.error.code);
    say(
      `変換しました / converted: ${result.points} ポイント (transaction ${transactionId}); ` +
        `${result.holdUntil} までに自治体を選べます / choose a municipality by ${result.holdUntil}`,
    );
    return;
  }
  if (command === 'coupons') {
    const answer = await (await client()).call(PARTNER_API.couponBatch, {
      batchId: randomUUID(),
      count: whole(rest[0]),
      points: whole(rest[1]),
      validDays: rest[2] === undefined ? 30 : whole(rest[2]),
    });
    if (!answer.ok) fail(answer.code);
    say(`クーポンコード / coupon codes (${answer.value.expiresOn} まで / until):`);
    for (const code of answer.value.codes) say(`  ${code}`);
    return;
  }
  say(USAGE);
  process.exit(command === undefined ? 0 : 1);
}

void main();
