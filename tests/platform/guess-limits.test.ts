import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, randomCn, type TestCa } from '../../bridge/simulate/jpki-like-ca';
import { couponCodeFrom } from '../../core/points/coupon-code';
import { GuessCounts } from '../../platform/domain/guess-limits';
import { OperationMacs } from '../../platform/domain/operation-macs';
import { createTerminal } from '../../platform/domain/terminals';
import { ENROLMENT_LIMIT_DEFAULTS, FailureLimit } from '../../platform/http/auth/failure-limit';
import { readConfig } from '../../platform/process/config';
import { startJobs } from '../../platform/process/jobs';
import type { Database } from '../../platform/store/database';
import { databaseKinds, openTestDatabase } from '../support/databases';
import { makeCardPartner } from '../support/partner';
import { holderProof, startTestPlatform, type TestPlatform } from '../support/platform-harness';
import { freePort, PlatformProcess } from '../support/platform-process';
import { TerminalClient } from '../support/terminal-client';

const WRONG_ENROLMENT_CODE = 'AAAA-AAAA-AAAA';

type Answer = { status: number; code: string | undefined; retryAfter: string | null };

/** How many answers had each code (or status, for a success). */
function tally(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = a.code ?? String(a.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const answerOf = async (response: Response): Promise<Answer> => ({
  status: response.status,
  code: ((await response.json()) as { error?: { code?: string } }).error?.code,
  retryAfter: response.headers.get('retry-after'),
});

const newPublicKey = async () => TerminalClient.publicJwk(await TerminalClient.generateKeys());

/** A right enrolment code: a new terminal of the shop a1. */
async function enrolmentCode(db: Database): Promise<string> {
  const created = await createTerminal(db, { providerCode: 'a1', name: randomCn() });
  if (!created.ok) throw new Error(created.code);
  return created.value.enrolmentCode;
}
/** One key for every wrong code: made before a burst, so the burst's requests leave at once. */
let guessersKey: JsonWebKey | undefined;

/**
 * An enrolment from `from` (the platform trusts the loopback proxy's X-Forwarded-For); a wrong
 * code's request goes out at once, with a key made before.
 */
async function enrol(url: string, enrolmentCode: string, from: string): Promise<Answer> {
  const jwk =
    enrolmentCode === WRONG_ENROLMENT_CODE && guessersKey !== undefined
      ? guessersKey
      : await newPublicKey();
  const response = await fetch(`${url}/v1/terminals/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({
      enrolmentCode,
      publicKey: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
    }),
  });
  return answerOf(response);
}

/**
 * Sends `count` tries at once. The connections are opened first (kept alive for the tries), so
 * the tries reach the platform in the same moment, not one connection set-up apart.
 */
async function atOnce(urls: string[], count: number, send: (i: number) => Promise<Answer>) {
  await Promise.all(
    Array.from({ length: count }, (_, i) => fetch(`${urls[i % urls.length]}/v1/health`)),
  ).then((answers) => Promise.all(answers.map((a) => a.arrayBuffer())));
  return Promise.all(Array.from({ length: count }, (_, i) => send(i)));
}

/** A signed POST whose answer keeps its Retry-After. */
async function signedPost(terminal: TerminalClient, path: string, payload: object) {
  const body = JSON.stringify(payload);
  const headers = await terminal.signedHeaders('POST', path, body);
  const response = await fetch(`${terminal.baseUrl}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body,
  });
  return answerOf(response);
}

/** A well-formed code (its check character right) that names nothing: a guess. */
const guess = () => couponCodeFrom(randomBytes(10));

/** A citizen at `kiosk` with a live session and a registered default My Key ID. */
async function sessionAt(kiosk: TerminalClient, ca: TestCa): Promise<string> {
  const cert = await ca.issue({ cn: randomCn() });
  const opened = await kiosk.post<{ sessionToken: string }>('/v1/terminal/holder-sessions', {
    certificate: cert.base64,
    proof: await holderProof(kiosk, cert.privateKey),
  });
  const { sessionToken } = opened.body;
  const registered = await kiosk.post('/v1/terminal/mykeys/default', {
    certificate: cert.base64,
    sessionToken,
  });
  if (registered.status !== 200) throw new Error(`registration: ${registered.status}`);
  return sessionToken;
}

const couponTry = (kiosk: TerminalClient, sessionToken: string) =>
  signedPost(kiosk, '/v1/terminal/holder-sessions/coupons', { sessionToken, code: guess() });
const linkTry = (kiosk: TerminalClient, sessionToken: string) =>
  signedPost(kiosk, '/v1/terminal/holder-sessions/partner-links', {
    sessionToken,
    serviceCode: 'A-card1-0001',
    customerId: `C-${randomUUID()}`,
    code: guess(),
  });

const rowsOf = async (db: Pick<Database, 'query'>, scope?: string) =>
  (
    await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM guess_counts WHERE $1::text IS NULL OR scope = $1`,
      [scope ?? null],
    )
  )[0]?.n;

async function eventually(ms: number, done: () => Promise<boolean>): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await done()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return done();
}

/**
 * Issue 26, fault 3: wrong codes are counted in the database before they are checked, so a burst
 * sent at once gets exactly the limit's checks (20 enrolment codes per address in 15 minutes, 10
 * coupon or 連携コード guesses per kiosk in 10 minutes), and the rest 429 with Retry-After.
 */
describe.each(databaseKinds())('wrong-code limits on %s', (kind) => {
  let platform: TestPlatform;
  let ca: TestCa;
  const clock = { now: Date.now() };

  beforeAll(async () => {
    // The shipped limits, on a clock the test moves; behind a loopback proxy, so the test can
    // speak for several client addresses.
    platform = await startTestPlatform(
      kind,
      { MYKEY_TRUST_PROXY: '127.0.0.1' },
      { enrolmentLimit: new FailureLimit(ENROLMENT_LIMIT_DEFAULTS, () => clock.now) },
    );
    ca = await createTestCa();
    platform.trustCa(ca);
    guessersKey = await newPublicKey();
    await makeCardPartner(platform, {
      ratePoints: 1,
      ratePer: 1,
      dailyCapPerson: 5000,
      dailyCapPartner: 8000,
      holdingDays: 14,
    });
  }, 60_000);
  afterAll(() => platform.close());

  const newCode = () => enrolmentCode(platform.db);

  it('100 wrong enrolment codes sent at once from one address: exactly 20 are checked, 80 wait', async () => {
    const guesser = '203.0.113.50';
    const answers = await atOnce([platform.url], 100, () =>
      enrol(platform.url, WRONG_ENROLMENT_CODE, guesser),
    );
    expect(tally(answers)).toEqual({ ENROLMENT_CODE_INVALID: 20, ENROLMENT_RATE_LIMITED: 80 });
    for (const a of answers.filter((a) => a.status === 429))
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(899);
    // Past the limit even the right code waits; another address does not.
    const code = await newCode();
    expect((await enrol(platform.url, code, guesser)).code).toBe('ENROLMENT_RATE_LIMITED');
    expect((await enrol(platform.url, code, '198.51.100.50')).status).toBe(200);
  });

  it('right enrolment codes use none of the window and leave no row: 25 in a row, then a burst gets 20 checks', async () => {
    const office = '198.51.100.77';
    const rowsBefore = await rowsOf(platform.db, 'enrolment');
    // One after the other: a try is counted while it is checked, so more than 20 at the same
    // instant from one address would wait, right or wrong (the price of exactly 20 checks).
    for (let i = 0; i < 25; i += 1)
      expect((await enrol(platform.url, await newCode(), office)).status).toBe(200);
    expect(await rowsOf(platform.db, 'enrolment')).toBe(rowsBefore);
    // The whole window is left: a burst after them still gets exactly its 20 checks.
    const answers = await atOnce([platform.url], 40, () =>
      enrol(platform.url, WRONG_ENROLMENT_CODE, office),
    );
    expect(tally(answers)).toEqual({ ENROLMENT_CODE_INVALID: 20, ENROLMENT_RATE_LIMITED: 20 });
  });

  it('30 wrong coupon codes sent at once from one kiosk: exactly 10 are checked; its 連携コード wait too', async () => {
    const kiosk = await platform.terminal('a1');
    const sessionToken = await sessionAt(kiosk, ca);
    const answers = await atOnce([platform.url], 30, () => couponTry(kiosk, sessionToken));
    expect(tally(answers)).toEqual({ COUPON_INVALID: 10, COUPON_RATE_LIMITED: 20 });
    for (const a of answers.filter((a) => a.status === 429)) {
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(a.retryAfter)).toBeLessThanOrEqual(600);
    }
    // One count for both kinds of code: alternating gains a guesser nothing.
    expect((await linkTry(kiosk, sessionToken)).code).toBe('COUPON_RATE_LIMITED');
    // Another kiosk is not held back.
    const other = await platform.terminal('a1');
    expect((await couponTry(other, await sessionAt(other, ca))).code).toBe('COUPON_INVALID');
  });

  it('30 wrong 連携コード sent at once from one kiosk: exactly 10 are checked; its coupons wait too', async () => {
    const kiosk = await platform.terminal('a1');
    const sessionToken = await sessionAt(kiosk, ca);
    const answers = await atOnce([platform.url], 30, () => linkTry(kiosk, sessionToken));
    expect(tally(answers)).toEqual({ LINK_CODE_INVALID: 10, COUPON_RATE_LIMITED: 20 });
    expect((await couponTry(kiosk, sessionToken)).code).toBe('COUPON_RATE_LIMITED');
  });

  it('40 wrong enrolment codes at once from 40 addresses of one IPv6 /64 get 20 checks in all', async () => {
    // One host may rotate through its whole /64: each address is no fresh 20 tries.
    const answers = await atOnce([platform.url], 40, (i) =>
      enrol(platform.url, WRONG_ENROLMENT_CODE, `2001:db8:26:3:${(i + 1).toString(16)}::${i}`),
    );
    expect(tally(answers)).toEqual({ ENROLMENT_CODE_INVALID: 20, ENROLMENT_RATE_LIMITED: 20 });
    expect((await enrol(platform.url, await newCode(), '2001:db8:26:3::beef')).code).toBe(
      'ENROLMENT_RATE_LIMITED',
    );
    // The next /64 is another client.
    expect((await enrol(platform.url, await newCode(), '2001:db8:26:4::1')).status).toBe(200);
    // An IPv4 client seen through a dual-stack socket (::ffff:a.b.c.d) is that IPv4 address.
    const spellings = ['203.0.113.61', '::ffff:203.0.113.61'];
    const mixed = await atOnce([platform.url], 20, (i) =>
      enrol(platform.url, WRONG_ENROLMENT_CODE, spellings[i % 2] ?? ''),
    );
    expect(tally(mixed)).toEqual({ ENROLMENT_CODE_INVALID: 20 });
    for (const from of spellings)
      expect((await enrol(platform.url, await newCode(), from)).code).toBe(
        'ENROLMENT_RATE_LIMITED',
      );
  });

  it('a refused address or kiosk is answered 429 without a write: its row stays as it was', async () => {
    const rows = async () =>
      (
        await platform.db.query<{ row: string }>(
          `SELECT row_to_json(g)::text AS row FROM guess_counts g ORDER BY scope, key_mac`,
        )
      ).map((r) => r.row);
    const guesser = '203.0.113.88';
    for (let i = 0; i < 20; i += 1)
      expect((await enrol(platform.url, WRONG_ENROLMENT_CODE, guesser)).code).toBe(
        'ENROLMENT_CODE_INVALID',
      );
    expect((await enrol(platform.url, WRONG_ENROLMENT_CODE, guesser)).code).toBe(
      'ENROLMENT_RATE_LIMITED',
    );
    const kiosk = await platform.terminal('a1');
    const sessionToken = await sessionAt(kiosk, ca);
    for (let i = 0; i < 10; i += 1)
      expect((await couponTry(kiosk, sessionToken)).code).toBe('COUPON_INVALID');
    expect((await couponTry(kiosk, sessionToken)).code).toBe('COUPON_RATE_LIMITED');
    const before = await rows();
    // Refused one by one and in a burst, by the memo: the database sees none of them.
    for (let i = 0; i < 15; i += 1) {
      expect(await enrol(platform.url, WRONG_ENROLMENT_CODE, guesser)).toEqual({
        status: 429,
        code: 'ENROLMENT_RATE_LIMITED',
        retryAfter: '900',
      });
      expect((await couponTry(kiosk, sessionToken)).code).toBe('COUPON_RATE_LIMITED');
    }
    const burst = await atOnce([platform.url], 30, (i) =>
      i % 2 === 0
        ? enrol(platform.url, WRONG_ENROLMENT_CODE, guesser)
        : linkTry(kiosk, sessionToken),
    );
    expect(tally(burst)).toEqual({ ENROLMENT_RATE_LIMITED: 15, COUPON_RATE_LIMITED: 15 });
    expect(await rows()).toEqual(before);
  });

  it('keep no code and no address, and forget ended windows at the next try a minute on', async () => {
    const addresses = Array.from({ length: 40 }, (_, i) => `192.0.2.${i + 10}`);
    await Promise.all(addresses.map((from) => enrol(platform.url, WRONG_ENROLMENT_CODE, from)));
    expect(await rowsOf(platform.db, 'enrolment')).toBeGreaterThanOrEqual(40);
    const stored = await platform.db.query<{ row: string }>(
      'SELECT row_to_json(g)::text AS row FROM guess_counts g',
    );
    expect(Object.keys(JSON.parse(stored[0]?.row ?? '{}')).sort()).toEqual([
      'count',
      'key_mac',
      'scope',
      'window_ends_ms',
    ]);
    for (const { row } of stored)
      expect(row).not.toMatch(
        /AAAA-AAAA|AAAAAAAAAAAA|192\.0\.2|203\.0\.113|198\.51\.100|127\.0\.0/,
      );
    // Every window here ends within 15 minutes; the first try after that clears them all (the
    // try's own row goes too: its code was right).
    clock.now = Date.now() + 15 * 60_000 + 1_000;
    expect((await enrol(platform.url, await newCode(), '192.0.2.10')).status).toBe(200);
    expect(await eventually(3_000, async () => (await rowsOf(platform.db)) === 0)).toBe(true);
  });

  it('are forgotten by the hourly job once their window has ended, not before', async () => {
    await platform.db.query(
      `INSERT INTO guess_counts (scope, key_mac, window_ends_ms, count)
       VALUES ('enrolment', 'ended', $1::bigint, 20), ('enrolment', 'live', $2::bigint, 3)`,
      [Date.now() - 1, Date.now() + 60_000],
    );
    const logger = pino({ level: 'silent' }, new Writable({ write: (_c, _e, done) => done() }));
    const stop = startJobs(platform.db, readConfig({ MYKEY_PORT: '0' }), platform.anchors, logger);
    try {
      const keys = async () =>
        (await platform.db.query<{ key_mac: string }>('SELECT key_mac FROM guess_counts')).map(
          (r) => r.key_mac,
        );
      expect(await eventually(10_000, async () => !(await keys()).includes('ended'))).toBe(true);
      expect(await keys()).toContain('live');
    } finally {
      stop();
    }
    await platform.db.query('DELETE FROM guess_counts');
  }, 20_000);
});

/**
 * Two platform processes on one PostgreSQL, as behind a load balancer: a limit reached through
 * one is the limit of the other, and a burst spread over both gets the limit's checks in all.
 */
describe.skipIf(!databaseKinds().includes('postgres'))(
  'wrong-code limits across two platform processes on one PostgreSQL',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'mykey-guesses-'));
    let db: Database;
    let ca: TestCa;
    let a: PlatformProcess;
    let b: PlatformProcess;

    beforeAll(async () => {
      db = await openTestDatabase('postgres');
      ca = await createTestCa();
      guessersKey = await newPublicKey();
      const anchorFile = join(dir, 'ca.pem');
      writeFileSync(anchorFile, ca.certificate.toString('pem'));
      const env = {
        DATABASE_URL: (db as Database & { url?: string }).url,
        // A fleet shares its operation key (README, operations): the same key, the same count.
        MYKEY_OPERATION_KEY: randomBytes(32).toString('base64'),
        MYKEY_TRUST_ANCHORS: anchorFile,
        MYKEY_TRUST_PROXY: '127.0.0.1',
        MYKEY_WORKERS: '1',
      };
      a = new PlatformProcess({ ...env, MYKEY_DATA_DIR: join(dir, 'a') }, await freePort());
      b = new PlatformProcess({ ...env, MYKEY_DATA_DIR: join(dir, 'b') }, await freePort());
      await Promise.all([a.start(), b.start()]);
    }, 120_000);
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await db?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const newKiosk = async () => {
      const created = await createTerminal(db, { providerCode: 'a1', name: randomCn() });
      if (!created.ok) throw new Error(created.code);
      return TerminalClient.enrol(a.url, created.value.enrolmentCode);
    };

    it('a kiosk refused by one process is refused by the other, for coupons and 連携コード', async () => {
      const kiosk = await newKiosk();
      const sessionToken = await sessionAt(kiosk, ca);
      for (let i = 0; i < 10; i += 1)
        expect((await couponTry(kiosk, sessionToken)).code).toBe('COUPON_INVALID');
      const onB = kiosk.at(b.url);
      const refused = await couponTry(onB, sessionToken);
      expect(refused).toMatchObject({ status: 429, code: 'COUPON_RATE_LIMITED' });
      expect(Number(refused.retryAfter)).toBeGreaterThan(590);
      expect((await linkTry(onB, sessionToken)).code).toBe('COUPON_RATE_LIMITED');
      // The session itself serves on B: only the guesses are held back.
      expect((await onB.post('/v1/terminal/holder-sessions/links', { sessionToken })).status).toBe(
        200,
      );
    });

    it('a burst from one kiosk spread over both processes gets 10 checks in all', async () => {
      const kiosk = await newKiosk();
      const sessionToken = await sessionAt(kiosk, ca);
      const answers = await atOnce([a.url, b.url], 60, (i) =>
        couponTry(kiosk.at(i % 2 === 0 ? a.url : b.url), sessionToken),
      );
      expect(tally(answers)).toEqual({ COUPON_INVALID: 10, COUPON_RATE_LIMITED: 50 });
    });

    it('wrong enrolment codes from one address spread over both processes get 20 checks in all', async () => {
      const guesser = '203.0.113.77';
      const answers = await atOnce([a.url, b.url], 80, (i) =>
        enrol(i % 2 === 0 ? a.url : b.url, WRONG_ENROLMENT_CODE, guesser),
      );
      expect(tally(answers)).toEqual({ ENROLMENT_CODE_INVALID: 20, ENROLMENT_RATE_LIMITED: 60 });
      const created = await createTerminal(db, { providerCode: 'a1', name: randomCn() });
      if (!created.ok) throw new Error(created.code);
      for (const process of [a, b])
        expect((await enrol(process.url, created.value.enrolmentCode, guesser)).code).toBe(
          'ENROLMENT_RATE_LIMITED',
        );
      expect((await enrol(b.url, created.value.enrolmentCode, '198.51.100.9')).status).toBe(200);
    });
  },
);

/** A database that counts the statements and transactions sent through it. */
function countingDatabase(db: Database): { db: Database; sent: () => number } {
  let sent = 0;
  const counted: Database = {
    kind: db.kind,
    unsynced: db.unsynced,
    query: <Row>(sql: string, params?: readonly unknown[]) => {
      sent += 1;
      return db.query<Row>(sql, params);
    },
    exec: (sql) => {
      sent += 1;
      return db.exec(sql);
    },
    transaction: (work) => {
      sent += 1;
      return db.transaction(work);
    },
    listen: (channel, handler) => db.listen(channel, handler),
    close: () => db.close(),
  };
  return { db: counted, sent: () => sent };
}

/**
 * A key the database refused is refused again by the same process without a statement, until
 * its window ends; the database stays the judge of every try let through (another process, a
 * try given back). The memo is bounded.
 */
describe.each(databaseKinds())('refused keys remembered in a process, on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.close());

  const window = { maxGuesses: 3, windowSeconds: 60 };
  const t0 = Date.now();
  /** The one row's count (each test here counts one key at a time). */
  const countOf = async () =>
    (await db.query<{ n: number }>('SELECT max(count)::int AS n FROM guess_counts'))[0]?.n;

  it('send no statement for a refused key, ask the database again after a give-back, and forget at the window end', async () => {
    await db.query('DELETE FROM guess_counts');
    const macs = OperationMacs.ephemeral();
    const a = countingDatabase(db);
    const b = countingDatabase(db);
    const processA = new GuessCounts(a.db, macs);
    const processB = new GuessCounts(b.db, macs);
    const counted = [];
    for (let i = 0; i < 3; i += 1) {
      const tried = await processA.count('kiosk-code', 'kiosk-1', window, t0);
      if (!tried.counted) throw new Error('refused within the limit');
      counted.push(tried.attempt);
    }
    expect(await processA.count('kiosk-code', 'kiosk-1', window, t0 + 1_500)).toEqual({
      counted: false,
      retryAfterSeconds: 59,
    });
    const sentByA = a.sent();
    for (let i = 0; i < 50; i += 1)
      expect(await processA.count('kiosk-code', 'kiosk-1', window, t0 + 30_000)).toEqual({
        counted: false,
        retryAfterSeconds: 30,
      });
    expect(a.sent()).toBe(sentByA);
    expect(await countOf()).toBe(4);
    // Another process asks the database once (refused there too), then remembers it itself.
    for (let i = 0; i < 10; i += 1)
      expect((await processB.count('kiosk-code', 'kiosk-1', window, t0)).counted).toBe(false);
    expect(b.sent()).toBe(2); // its minute's purge and the one refused count
    expect(await countOf()).toBe(5);
    // A try this process gives back may leave room: its next try is the database's to judge.
    const [first] = counted;
    if (first === undefined) throw new Error('no counted try');
    await processA.giveBack(first);
    const afterGiveBack = a.sent();
    expect((await processA.count('kiosk-code', 'kiosk-1', window, t0)).counted).toBe(false);
    expect(a.sent()).toBe(afterGiveBack + 1);
    // The window's end ends the memo: a fresh window, counted in the database.
    const fresh = await processA.count('kiosk-code', 'kiosk-1', window, t0 + 60_000);
    expect(fresh.counted).toBe(true);
    expect(await countOf()).toBe(1);
  });

  it('remember at most the memo size of refused keys', async () => {
    await db.query('DELETE FROM guess_counts');
    const counting = countingDatabase(db);
    const counts = new GuessCounts(counting.db, OperationMacs.ephemeral(), 2);
    for (const key of ['k1', 'k2', 'k3'])
      for (let i = 0; i < 4; i += 1) await counts.count('kiosk-code', key, window, t0);
    const sent = counting.sent();
    // k3 and k2 are remembered; k1 was evicted and costs its try a statement.
    await counts.count('kiosk-code', 'k3', window, t0);
    await counts.count('kiosk-code', 'k2', window, t0);
    expect(counting.sent()).toBe(sent);
    expect((await counts.count('kiosk-code', 'k1', window, t0)).counted).toBe(false);
    expect(counting.sent()).toBe(sent + 1);
  });
});

/**
 * The enrolment scope's rows are capped (ENROLMENT_LIMIT_DEFAULTS.maxKeys, 100,000; 5 here):
 * past the cap, an address with no row of its own is counted in one shared overflow window, so a
 * flood from fresh addresses adds one row, not one per address, and gets 20 checks in all.
 */
describe.each(databaseKinds())('the enrolment rows capped, on %s', (kind) => {
  let platform: TestPlatform;
  const clock = { now: Date.now() };
  beforeAll(async () => {
    platform = await startTestPlatform(
      kind,
      { MYKEY_TRUST_PROXY: '127.0.0.1' },
      {
        enrolmentLimit: new FailureLimit(
          { ...ENROLMENT_LIMIT_DEFAULTS, maxKeys: 5 },
          () => clock.now,
        ),
      },
    );
    guessersKey = await newPublicKey();
  }, 60_000);
  afterAll(() => platform.close());

  const newCode = () => enrolmentCode(platform.db);

  it('past the cap, fresh addresses share one 20-try window and one row; known ones keep theirs', async () => {
    for (let i = 1; i <= 5; i += 1)
      expect((await enrol(platform.url, WRONG_ENROLMENT_CODE, `192.0.2.${i}`)).code).toBe(
        'ENROLMENT_CODE_INVALID',
      );
    expect(await rowsOf(platform.db, 'enrolment')).toBe(5);
    const flood = await atOnce([platform.url], 60, (i) =>
      enrol(platform.url, WRONG_ENROLMENT_CODE, `198.51.100.${i + 1}`),
    );
    expect(tally(flood)).toEqual({ ENROLMENT_CODE_INVALID: 20, ENROLMENT_RATE_LIMITED: 40 });
    expect(await rowsOf(platform.db, 'enrolment')).toBe(6);
    // The price: while the table is full, a fresh address waits too, even with a right code.
    expect((await enrol(platform.url, await newCode(), '198.51.100.200')).code).toBe(
      'ENROLMENT_RATE_LIMITED',
    );
    // An address that had its own row before keeps its own window.
    for (let i = 0; i < 19; i += 1)
      expect((await enrol(platform.url, WRONG_ENROLMENT_CODE, '192.0.2.1')).code).toBe(
        'ENROLMENT_CODE_INVALID',
      );
    expect((await enrol(platform.url, WRONG_ENROLMENT_CODE, '192.0.2.1')).code).toBe(
      'ENROLMENT_RATE_LIMITED',
    );
    expect((await enrol(platform.url, await newCode(), '192.0.2.2')).status).toBe(200);
    expect(await rowsOf(platform.db, 'enrolment')).toBe(6);
    // Once the windows end (and this process has read the table again), addresses get their own.
    clock.now += 15 * 60_000 + 1_000;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await enrol(platform.url, await newCode(), '198.51.100.201')).status).toBe(200);
    expect(await eventually(3_000, async () => (await rowsOf(platform.db)) === 0)).toBe(true);
    for (let i = 1; i <= 4; i += 1)
      expect((await enrol(platform.url, WRONG_ENROLMENT_CODE, `198.51.100.${i}`)).code).toBe(
        'ENROLMENT_CODE_INVALID',
      );
    expect(await rowsOf(platform.db, 'enrolment')).toBe(4);
  });
});
