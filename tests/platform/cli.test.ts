import { spawn, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestCa, randomCn } from '../../bridge/simulate/jpki-like-ca';
import { bundleCli } from '../support/cli-bundle';
import { freePort, PlatformProcess } from '../support/platform-process';

const dataDir = mkdtempSync(join(tmpdir(), 'mykey-cli-'));
const anchorFile = join(dataDir, 'test-jpki-ca.pem');
// The same source `npm run platform` runs through tsx, bundled once (tests/quickstart.test.ts runs
// it through npm and tsx).
const cliCommand = [bundleCli()];
const cliEnv = (extra: NodeJS.ProcessEnv = {}) => ({
  ...process.env,
  MYKEY_DATA_DIR: dataDir,
  DATABASE_URL: '',
  MYKEY_TRUST_ANCHORS: anchorFile,
  ...extra,
});
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [...cliCommand, ...args], { encoding: 'utf8', env: cliEnv() });

const cliAsync = (args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [...cliCommand, ...args], { env: cliEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

// Every command is a new Node process that loads the platform and opens the embedded database: a few
// seconds each, more under CI's load, and some tests run eight of them.
describe('the operator CLI on an embedded database', { timeout: 90_000 }, () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a municipality, provider, service and terminal, and prints the enrolment code', () => {
    expect(cli('municipality', 'add', 'A', 'A市').status).toBe(0);
    expect(cli('provider', 'add', 'a1', 'A', '商店街組合a1').status).toBe(0);
    const service = cli('service', 'add', 'A-a1-0001', 'a1', '○○商店街ポイントカード');
    expect(service.status).toBe(0);
    // New services ask for the holder's PIN when a card is first linked (the 2024 rules).
    expect(service.stdout).toContain('連携時に暗証番号を確認します');
    const off = cli('service', 'pin', 'A-a1-0001', 'off');
    expect([off.status, off.stdout]).toEqual([0, expect.stringContaining('暗証番号確認なし')]);
    expect(cli('service', 'pin', 'A-a1-0001', 'maybe').status).not.toBe(0);
    const terminal = cli('terminal', 'add', 'a1', 'レジ1');
    expect(terminal.status).toBe(0);
    expect(terminal.stdout).toMatch(
      /登録コード \/ enrolment code: [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/,
    );
  });

  it('creates a points programme from a file, replaces its rules, lists it and adds up its totals', () => {
    const file = join(dataDir, 'programme.json');
    const programme = {
      code: 'A-P002',
      name: '○○商店街ポイント',
      kind: 'provider',
      municipalityCode: 'A',
      ownerProviderCode: 'a1',
      yenPerPoint: 100,
      expiryRule: 'months:24',
      dailyCap: 500,
      cancelDays: 30,
      participants: [{ providerCode: 'a1', mayAward: true, mayRedeem: true }],
      fixedAwards: [],
    };
    writeFileSync(file, JSON.stringify(programme));
    const created = cli('points', 'put', file);
    expect(created.stdout).toContain('ポイント制度を作成しました / created: A-P002');
    writeFileSync(file, JSON.stringify({ ...programme, yenPerPoint: 200 }));
    expect(cli('points', 'put', file).stdout).toContain('規則を更新しました / rules replaced');
    expect(cli('points', 'list').stdout).toContain('200円で1pt / 1 pt per 200 yen');
    expect(cli('points', 'totals', 'A-P002').stdout).toBe(
      'A-P002: 発行 / issued 0 + 変換 / converted 0 = 利用 / redeemed 0 + 失効 / expired 0 + 残高 / outstanding 0\n',
    );
    // A bad file names each problem; a participant from elsewhere is refused by the platform.
    writeFileSync(file, JSON.stringify({ ...programme, dailyCap: 0, expiryRule: 'forever' }));
    const bad = cli('points', 'put', file);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('dailyCap:');
    expect(bad.stderr).toContain('expiryRule:');
    writeFileSync(
      file,
      JSON.stringify({
        ...programme,
        participants: [{ providerCode: 'zz9', mayAward: true, mayRedeem: true }],
      }),
    );
    expect(cli('points', 'put', file).stderr).toContain('(PROGRAMME_INVALID)');
    expect(cli('points', 'totals', 'A-P404').stderr).toContain('(PROGRAMME_NOT_FOUND)');
  });

  it('shows counts, and JSON on request', () => {
    const stats = cli('stats', '--json');
    expect(stats.status).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({
      municipalities: 1,
      providers: 1,
      services: 1,
      terminals: { pending: 1 },
    });
    expect(cli('stats').stdout).toContain('サービスID連携 / links: 0');
  });

  it('makes a provider a partner from a file and lists its conversion rules', () => {
    expect(cli('provider', 'add', 'card1', 'A', 'ＸＸカード').status).toBe(0);
    expect(cli('service', 'add', 'A-card1-0001', 'card1', 'ＸＸカード会員').status).toBe(0);
    const file = join(dataDir, 'partner.json');
    const partner = {
      providerCode: 'card1',
      serviceCode: 'A-card1-0001',
      ratePoints: 1,
      ratePer: 2,
      dailyCapPerson: 10000,
      dailyCapPartner: 1000000,
    };
    writeFileSync(file, JSON.stringify(partner));
    expect(cli('partners', 'put', file).stdout).toContain(
      '提携企業を登録しました / partner created: card1',
    );
    expect(cli('partners', 'list').stdout).toBe(
      'card1  ID連携 / link A-card1-0001; 2pt → 1pt; 1日上限 / daily cap 10000 (1人 / per person), 1000000 (全体 / in all); 留保 / held 14 日 days\n',
    );
    // A shop of a programme cannot become a partner: its counters' keys would stop working.
    writeFileSync(
      file,
      JSON.stringify({ ...partner, providerCode: 'a1', serviceCode: 'A-a1-0001' }),
    );
    expect(cli('partners', 'put', file).stderr).toContain('(PARTNER_INVALID)');
    writeFileSync(file, JSON.stringify({ ...partner, ratePer: 0 }));
    expect(cli('partners', 'put', file).stderr).toContain('ratePer');
  });

  it('closes a month and writes its settlement as CSV, the same bytes as the admin API', () => {
    // The programme made above has no movements yet: its first month closes empty and balanced.
    const closed = cli('points', 'close', 'A-P002', '2026-01');
    expect(closed.stdout).toContain('A-P002 ○○商店街ポイント 2026-01');
    expect(closed.stdout).toContain('合計 / total  0');
    const file = join(dataDir, 'settlement.csv');
    expect(cli('points', 'settlement', 'A-P002', '2026-01', file).status).toBe(0);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('合計 / total,,,0\r\n');
    expect(cli('points', 'settlement', 'A-P002', '2026-02').stderr).toContain(
      '(SETTLEMENT_NOT_FOUND)',
    );
  });

  it('prints shop analytics, or writes them as CSV for Excel', () => {
    // No week counted yet on this data folder: it says so rather than print an empty table.
    expect(cli('points', 'analytics', 'A-P002').stdout).toContain(
      '集計された週はまだありません / no week counted yet',
    );
    const file = join(dataDir, 'analytics.csv');
    expect(cli('points', 'analytics', 'A-P002', file).status).toBe(0);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('週の初日 / week of,店舗コード / shop');
    expect(cli('points', 'analytics', 'A-P404').stderr).toContain('(PROGRAMME_NOT_FOUND)');
  });

  it('explains a domain error in Japanese and English and exits 1', () => {
    const result = cli('provider', 'add', 'b1', 'ZZ', '?');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      '市区町村が見つかりません。 / No such municipality. (MUNICIPALITY_NOT_FOUND)',
    );
  });

  it('issues a window-staff token that can only finalise, and refuses an unknown role', () => {
    const window = cli('admin', 'add', '窓口 山田', 'window', '--json');
    expect(window.status).toBe(0);
    expect(JSON.parse(window.stdout)).toMatchObject({ name: '窓口 山田', role: 'window' });
    expect(cli('admin', 'add', '山田', 'superuser').status).toBe(2);
  });

  it('lists administrators and revokes one token at once (rotation), with a clear error for an unknown id', () => {
    const added = JSON.parse(cli('admin', 'add', '交代前', '--json').stdout) as { id: string };
    const listed = JSON.parse(cli('admin', 'list', '--json').stdout) as {
      id: string;
      state: string;
    }[];
    expect(listed.find((a) => a.id === added.id)?.state).toBe('active');
    expect(cli('admin', 'revoke', added.id).status).toBe(0);
    const after = JSON.parse(cli('admin', 'list', '--json').stdout) as {
      id: string;
      state: string;
    }[];
    expect(after.find((a) => a.id === added.id)?.state).toBe('revoked');
    const unknown = cli('admin', 'revoke', 'no-such-admin');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('admin list');
  });

  it('lists the trusted JPKI CAs with the fingerprints to check against J-LIS', async () => {
    const ca = await createTestCa();
    writeFileSync(anchorFile, ca.certificate.toString('pem'));
    const listed = cli('trust', 'list', '--json');
    expect(listed.status).toBe(0);
    const fingerprint = new X509Certificate(ca.certificate.toString('pem')).fingerprint256;
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        subject: expect.stringContaining('OU=JPKI for user authentication'),
        sha256Fingerprint: fingerprint,
      }),
    ]);
  });

  it("loads a trusted CA's CRL from a file, and refuses one from a CA it does not trust", async () => {
    const ca = await createTestCa();
    writeFileSync(anchorFile, ca.certificate.toString('pem'));
    const crlFile = join(dataDir, 'jpki.crl');
    writeFileSync(crlFile, await ca.issueCrl({ revoked: ['0A1B', '0C2D'] }));
    const loaded = cli('crl', 'load', crlFile, '--json');
    expect(loaded.status).toBe(0);
    expect(JSON.parse(loaded.stdout)).toMatchObject({ issuer: ca.certificate.subject, entries: 2 });
    const listed = cli('crl', 'list');
    expect(listed.stdout).toContain(`CA key ${JSON.parse(loaded.stdout).caKey}`);
    expect(listed.stdout).toContain('2 件 / entries');
    const stranger = await createTestCa();
    writeFileSync(crlFile, await stranger.issueCrl({ revoked: [] }));
    const refused = cli('crl', 'load', crlFile);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('CRL_INVALID');
  });

  it('loads CRLs from the configured sources (crl refresh), and says which source failed', async () => {
    const ca = await createTestCa();
    writeFileSync(anchorFile, ca.certificate.toString('pem'));
    const crl = await ca.issueCrl({ revoked: ['0E01'] });
    const server = createServer((request, response) => {
      if (request.url === '/auth.crl') response.end(crl);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // spawnSync would block this process's HTTP server, so the CLI runs asynchronously here.
      const refreshed = await cliAsync(['crl', 'refresh'], {
        MYKEY_CRL_SOURCES: `${base}/auth.crl`,
      });
      expect(refreshed.status).toBe(0);
      expect(refreshed.stdout).toContain('1 件 / entries');
      const partly = await cliAsync(['crl', 'refresh'], {
        MYKEY_CRL_SOURCES: `${base}/auth.crl, ${base}/missing.crl`,
      });
      expect(partly.status).toBe(1);
      expect(partly.stderr).toContain(`${base}/missing.crl: `);
      expect(partly.stderr).toContain('CRL_UNREACHABLE: HTTP 404');
      const byUrl = await cliAsync(['crl', 'load', `${base}/auth.crl`, '--json'], {});
      expect(byUrl.status).toBe(0);
      expect(JSON.parse(byUrl.stdout)).toMatchObject({ entries: 1 });
    } finally {
      server.close();
    }
  });

  it('imports renewals from JSON Lines and reports each refused line with its reason', async () => {
    const ca = await createTestCa();
    // Trusted, so line 1 gets as far as the old certificate (the CLI reads MYKEY_TRUST_ANCHORS).
    writeFileSync(anchorFile, ca.certificate.toString('pem'));
    const renewed = await ca.issue({ cn: randomCn() });
    const file = join(dataDir, 'renewals.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({
          oldCertificateIssuer: ca.certificate.subject,
          oldCertificateSerial: 'ABCDEF',
          newCertificate: renewed.base64,
        }),
        'not json',
        '',
      ].join('\n'),
    );
    const result = cli('renewal', 'import', file, '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      refused: 2,
      lines: [
        { line: 1, outcome: 'refused', code: 'CERTIFICATE_NOT_REGISTERED' },
        { line: 2, outcome: 'refused', code: 'VALIDATION_FAILED' },
      ],
    });
    expect(cli('renewal', 'import', file).stdout).toContain('2 行目 / line 2');
  });

  it('prints usage and exits 2 on a wrong command', () => {
    const result = cli('terminal', 'fly');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('使い方 / usage');
  });

  it('works beside the running platform: the everyday commands go through its admin API', async () => {
    const platform = new PlatformProcess(
      { MYKEY_DATA_DIR: dataDir, DATABASE_URL: '', MYKEY_TRUST_ANCHORS: 'certificates/jpki' },
      await freePort(),
    );
    // An operator's token: the one the platform writes on its first start is not there, as this
    // folder had administrators before the platform first ran.
    const operator = JSON.parse(cli('admin', 'add', '運用 CLI', '--json').stdout) as {
      token: string;
    };
    const withToken = { MYKEY_ADMIN_TOKEN: operator.token };
    await platform.start();
    try {
      const noToken = await cliAsync(['stats'], {});
      expect(noToken.status).toBe(1);
      expect(noToken.stderr).toContain('MYKEY_ADMIN_TOKEN');
      const stats = async () => {
        const printed = await cliAsync(['stats', '--json'], withToken);
        expect(printed.stderr).toBe('');
        return JSON.parse(printed.stdout) as { terminals: { pending: number } };
      };
      const before = await stats();
      const terminal = await cliAsync(['terminal', 'add', 'a1', 'レジ2'], withToken);
      expect(terminal.stderr).toBe('');
      expect(terminal.stdout).toMatch(
        /登録コード \/ enrolment code: [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/,
      );
      // The platform made it (the CLI did not open the database: PGlite allows one process).
      const after = await stats();
      expect(after.terminals.pending).toBe(before.terminals.pending + 1);
      const listed = await cliAsync(['terminal', 'list', 'a1'], withToken);
      expect(listed.stdout).toContain('レジ2');
      const programmes = await cliAsync(['points', 'totals', 'A-P002'], withToken);
      expect(programmes.stdout).toContain('A-P002: 発行 / issued 0');
      const analytics = await cliAsync(['points', 'analytics', 'A-P002', '--json'], withToken);
      expect(JSON.parse(analytics.stdout)).toMatchObject({ programmeCode: 'A-P002', weeks: [] });
      // A refusal keeps the platform's own code and sentence.
      const taken = await cliAsync(['service', 'add', 'A-a1-0001', 'a1', '重複'], withToken);
      expect(taken.status).toBe(1);
      expect(taken.stderr).toMatch(/ \/ .+ \(CODE_TAKEN\)\n$/);
      // What needs the database itself says to stop the platform first, and why.
      const admins = await cliAsync(['admin', 'list'], withToken);
      expect(admins.status).toBe(1);
      expect(admins.stderr).toContain('stop the platform first');
    } finally {
      await platform.stop('SIGINT');
    }
  });

  it('refuses to open a PGlite directory a running platform holds', () => {
    writeFileSync(join(dataDir, 'platform.pid'), String(process.pid));
    try {
      const result = cli('stats');
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`PID ${process.pid}`);
    } finally {
      rmSync(join(dataDir, 'platform.pid'));
    }
  });
});
