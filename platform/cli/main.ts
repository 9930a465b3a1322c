import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ANALYTICS_WEEKS_MAX } from '../../core/api/shop-analytics';
import { errorMessage } from '../../core/error-messages';
import type { ErrorCode } from '../../core/errors';
import { analyticsCsv } from '../../core/points/analytics-csv';
import type { Result } from '../../core/result';
import { type LoadedCrl, listCrls } from '../certificates/crl';
import { refreshCrlSources } from '../certificates/crl-sources';
import { caKeyOf, TrustAnchors } from '../certificates/trust-anchors';
import { createAdmin, isAdminRole, listAdmins, revokeAdmin } from '../domain/admins';
import { settlementCsv } from '../domain/points/settlement-csv';
import { ADMIN_TOKEN_FILE } from '../process/bootstrap-admin';
import { type PlatformConfig, readConfig } from '../process/config';
import { addressOf, holderOf } from '../process/data-dir-lock';
import { preparePrivateDataDir } from '../process/private-data-dir';
import type { Database } from '../store/database';
import { openDatabase } from '../store/open';
import { importRenewals } from '../use-cases/renewals';
import {
  analyticsLines,
  partnerLines,
  programmeLines,
  readPartnerFile,
  readProgrammeFile,
  settlementLines,
  totalsLine,
} from './points';
import { apiRegistry, databaseRegistry, type Registry } from './registry';

const USAGE = `使い方 / usage: npm run platform -- <command> [--json]

  municipality add <code> <name>          市区町村を登録 / add a municipality
  provider add <code> <municipality> <name>  サービス事業者を登録 / add a provider
  service add <code> <provider> <name>    サービスを登録 (code 例: A-a1-0002) / add a service
  service pin <code> on|off               連携時の暗証番号確認 (既定 on) / whether linking needs the holder's PIN
  terminal add <provider> <name>          端末を作成し登録コードを表示 / add a terminal, print its enrolment code
  terminal code <terminalId>              登録コードを再発行 / new enrolment code
  terminal revoke <terminalId>            端末を利用停止 / revoke a terminal
  terminal list [provider]                端末一覧 / list terminals
  admin add <name> [operator|window]      管理者トークンを発行 (window: 窓口職員、本登録のみ) / issue an admin token (window: finalise only)
  admin list                              管理者一覧 / list administrators
  admin revoke <adminId>                  管理者トークンを無効にする / revoke an admin token (at once)
  trust list                              信頼するJPKI認証局と指紋 / trusted JPKI CAs and fingerprints
  crl list                                読み込んだ失効リスト / CRLs loaded
  crl load <file|URL>                     失効リスト (CRL, PEM/DER) を読み込む / load an issuer's CRL
  crl refresh                             MYKEY_CRL_SOURCES の失効リストをすべて読み込む / load every configured CRL source
  renewal import <file.jsonl>             証明書更新を取り込み結果を報告 / import certificate renewals, report
  points list                             ポイント制度と規則の一覧 / list points programmes and their rules
  points put <file.json>                  ポイント制度を作成・規則を更新 / create a programme or replace its rules
  points totals <code>                    発行・変換・利用・失効・残高の合計 / issued, converted, redeemed, expired, outstanding
  points close <code> <YYYY-MM>           月を締めて精算 / close a month that has ended (months in order)
  points settlement <code> <YYYY-MM> [file.csv]   精算の表示・CSV 書き出し / show a closed month, or write its CSV
  points analytics <code> [file.csv]      顧客分析 (直近53週) の表示・CSV 書き出し / shop analytics, or write its CSV
  partners list                           提携企業と変換条件の一覧 / list partners and their conversion rules
  partners put <file.json>                提携企業の登録・変換条件の更新 / make a provider a partner, or change its rules
  catalogue                               事業者とサービスの一覧 / list providers and services
  stats                                   件数 / counts

Uses DATABASE_URL (PostgreSQL) or the PGlite directory MYKEY_DATA_DIR (default .data/platform).
While the platform runs on that directory, the commands above admin go through its admin API;
admin, crl and renewal commands need it stopped.
動作中のプラットフォームには、admin より上のコマンドが管理APIで届きます (admin・crl・renewal は停止後に)。`;

class UsageError extends Error {}

type Output = { text: string; json: unknown };

function crlLoadedLine(loaded: LoadedCrl): string {
  return `失効リストを読み込みました / CRL loaded: ${loaded.issuer}; ${loaded.entries} 件 / entries; 次回更新 / next update ${loaded.nextUpdate ?? '—'}`;
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new DomainFailure(result.code);
  return result.value;
}

/** A command that ran and failed: its message goes to stderr as it is, and the exit code is 1. */
class CommandFailed extends Error {}

/** A JSON file that does not fit its schema, every problem on its own line. */
function invalidFile(file: string, what: string, problems: string[]): CommandFailed {
  return new CommandFailed(
    [
      `${file} の内容に誤りがあります / ${file} is not a valid ${what}:`,
      ...problems.map((p) => `  ${p}`),
    ].join('\n'),
  );
}

/** A command that needs the database itself while the running platform holds it. */
class NeedsDatabase extends CommandFailed {
  constructor(dataDir: string) {
    super(
      `このコマンドはデータベースを直接使うため、動作中のプラットフォームが ${dataDir} を使っている間は実行できません。プラットフォームを停止してから実行してください。\n` +
        `This command needs the database itself, which the running platform holds (${dataDir}); stop the platform first (Ctrl+C in its window), then run it again.`,
    );
  }
}

class DomainFailure extends CommandFailed {
  constructor(readonly code: ErrorCode) {
    super(`${errorMessage(code, 'ja')} / ${errorMessage(code, 'en')} (${code})`);
  }
}

const pinLine = (on: boolean) =>
  on
    ? '連携時に暗証番号を確認します / linking needs the PIN'
    : '連携時の暗証番号確認なし / linking needs no PIN';

function args(list: string[], count: number): string[] {
  if (list.length !== count) throw new UsageError();
  return list;
}

/**
 * Runs one command. The everyday ones go through `registry` (the database, or the running
 * platform's admin API); the rest need the database itself (`db`), which a running PGlite
 * platform holds.
 */
async function run(
  registry: Registry,
  database: Database | undefined,
  words: string[],
  config: PlatformConfig,
): Promise<Output> {
  const [noun, verb, ...rest] = words;
  const command = `${noun ?? ''} ${verb ?? ''}`.trim();
  const db = (): Database => {
    if (database === undefined) throw new NeedsDatabase(config.dataDir);
    return database;
  };
  switch (command) {
    case 'municipality add': {
      const [code = '', name = ''] = args(rest, 2);
      const m = unwrap(await registry.addMunicipality({ code, name }));
      return { text: `市区町村を登録しました / added municipality ${m.code} ${m.name}`, json: m };
    }
    case 'provider add': {
      const [code = '', municipalityCode = '', name = ''] = args(rest, 3);
      const p = unwrap(await registry.addProvider({ code, municipalityCode, name }));
      return { text: `サービス事業者を登録しました / added provider ${p.code} ${p.name}`, json: p };
    }
    case 'service add': {
      const [code = '', providerCode = '', name = ''] = args(rest, 3);
      const s = unwrap(await registry.addService({ code, providerCode, name }));
      return {
        text: `サービスを登録しました / added service ${s.code} ${s.name} (${pinLine(s.linkNeedsPin)})`,
        json: s,
      };
    }
    case 'service pin': {
      const [code = '', setting = ''] = args(rest, 2);
      if (setting !== 'on' && setting !== 'off') throw new UsageError();
      const s = unwrap(await registry.setLinkNeedsPin(code, setting === 'on'));
      return { text: `${s.code} ${s.name}: ${pinLine(s.linkNeedsPin)}`, json: s };
    }
    case 'terminal add': {
      const [providerCode = '', name = ''] = args(rest, 2);
      const t = unwrap(await registry.addTerminal({ providerCode, name }));
      return {
        text: [
          `端末を作成しました / terminal created: ${t.terminalId}`,
          `登録コード / enrolment code: ${t.enrolmentCode}   (有効期限 / expires ${t.enrolmentExpiresAt})`,
          '端末の設定画面でこのコードを入力してください。コードは一度だけ表示されます。',
          'Type this code on the terminal’s setup screen; it is shown only once.',
        ].join('\n'),
        json: t,
      };
    }
    case 'terminal code': {
      const [terminalId = ''] = args(rest, 1);
      const t = unwrap(await registry.newEnrolmentCode(terminalId));
      return { text: `新しい登録コード / new enrolment code: ${t.enrolmentCode}`, json: t };
    }
    case 'terminal revoke': {
      const [terminalId = ''] = args(rest, 1);
      unwrap(await registry.revokeTerminal(terminalId));
      return {
        text: `端末を利用停止しました / revoked ${terminalId}`,
        json: { terminalId, revoked: true },
      };
    }
    case 'terminal list': {
      if (rest.length > 1) throw new UsageError();
      const terminals = unwrap(await registry.terminals(rest[0]));
      const lines = terminals.map(
        (t) => `${t.id}  ${t.providerCode}  ${t.state.padEnd(8)}  ${t.name}`,
      );
      return {
        text: lines.length > 0 ? lines.join('\n') : '端末はありません / no terminals',
        json: terminals,
      };
    }
    case 'admin add': {
      const [name = '', role = 'operator'] = rest;
      if (rest.length < 1 || rest.length > 2 || !isAdminRole(role)) throw new UsageError();
      const { admin, token } = await createAdmin(db(), name, role);
      return {
        text: `管理者トークン (${role === 'window' ? '窓口職員: 本登録のみ / window staff: finalise only' : '運用者 / operator'}、一度だけ表示 / shown once): ${token}`,
        json: { id: admin.id, name: admin.name, role: admin.role, token },
      };
    }
    case 'admin list': {
      args(rest, 0);
      const admins = await listAdmins(db());
      return {
        text: admins
          .map((a) => `${a.id}  ${a.role.padEnd(8)}  ${a.state.padEnd(7)}  ${a.name}`)
          .join('\n'),
        json: admins,
      };
    }
    case 'admin revoke': {
      const [adminId = ''] = args(rest, 1);
      unwrap(await revokeAdmin(db(), adminId));
      return {
        text: `管理者トークンを無効にしました / admin token revoked: ${adminId}`,
        json: { id: adminId, state: 'revoked' },
      };
    }
    case 'crl load': {
      const [source = ''] = args(rest, 1);
      const anchors = TrustAnchors.fromPaths(config.trustAnchorPaths);
      const [result] = await refreshCrlSources(db(), anchors, [source]);
      if (result?.outcome !== 'loaded') throw new DomainFailure(result?.code ?? 'CRL_INVALID');
      return { text: crlLoadedLine(result.crl), json: result.crl };
    }
    case 'crl list': {
      args(rest, 0);
      const crls = await listCrls(db());
      if (crls.length === 0) return { text: '失効リストはありません / no CRL loaded', json: [] };
      return {
        text: crls
          .map(
            (c) =>
              `${c.issuer}\n    CA key ${c.caKey}\n    ${c.entries} 件 / entries; ${c.thisUpdate} → ${c.nextUpdate ?? '—'}${c.stale ? ' ⚠ 期限切れ / past next update' : ''}`,
          )
          .join('\n'),
        json: crls,
      };
    }
    case 'crl refresh': {
      args(rest, 0);
      const anchors = TrustAnchors.fromPaths(config.trustAnchorPaths);
      const results = await refreshCrlSources(db(), anchors, config.crlSources);
      if (results.length === 0)
        return {
          text: 'MYKEY_CRL_SOURCES が設定されていません / no CRL source is configured',
          json: [],
        };
      const lines = results.map((r) =>
        r.outcome === 'loaded'
          ? `${r.source}: ${crlLoadedLine(r.crl)}`
          : `${r.source}: ${errorMessage(r.code, 'ja')} / ${errorMessage(r.code, 'en')} (${r.code}: ${r.reason})`,
      );
      if (results.some((r) => r.outcome === 'refused')) throw new CommandFailed(lines.join('\n'));
      return { text: lines.join('\n'), json: results };
    }
    case 'renewal import': {
      const [file = ''] = args(rest, 1);
      const anchors = TrustAnchors.fromPaths(config.trustAnchorPaths);
      const report = await importRenewals(db(), anchors, await readFile(file, 'utf8'));
      const refusals = report.lines.flatMap((l) =>
        l.outcome === 'refused'
          ? [`  ${l.line} 行目 / line ${l.line}: ${errorMessage(l.code, 'ja')} (${l.code})`]
          : [],
      );
      return {
        text: [
          `移動 / moved ${report.moved}, 変更なし / unchanged ${report.unchanged}, 取込済 / already applied ${report.alreadyApplied}, 拒否 / refused ${report.refused}`,
          ...refusals,
        ].join('\n'),
        json: report,
      };
    }
    case 'points list': {
      args(rest, 0);
      const programmes = unwrap(await registry.programmes());
      return { text: programmeLines(programmes), json: programmes };
    }
    case 'points put': {
      const [file = ''] = args(rest, 1);
      const read = await readProgrammeFile(file);
      if (!read.ok) throw invalidFile(file, 'programme', read.problems);
      const { outcome } = unwrap(await registry.putProgramme(read.value));
      return {
        text: `${outcome === 'created' ? 'ポイント制度を作成しました / created' : '規則を更新しました / rules replaced'}: ${read.value.code} ${read.value.name}`,
        json: { code: read.value.code, outcome },
      };
    }
    case 'points close': {
      const [code = '', period = ''] = args(rest, 2);
      const settlement = unwrap(await registry.closePeriod(code, period));
      return { text: settlementLines(settlement), json: settlement };
    }
    case 'points settlement': {
      if (rest.length !== 2 && rest.length !== 3) throw new UsageError();
      const [code = '', period = '', file] = rest;
      const settlement = unwrap(await registry.settlement(code, period));
      if (file === undefined) return { text: settlementLines(settlement), json: settlement };
      // The same bytes as the admin API's CSV, for Excel.
      await writeFile(file, settlementCsv(settlement));
      return { text: `CSV を書き出しました / wrote ${file}`, json: settlement };
    }
    case 'points analytics': {
      if (rest.length !== 1 && rest.length !== 2) throw new UsageError();
      const [code = '', file] = rest;
      const analytics = unwrap(await registry.analytics(code, ANALYTICS_WEEKS_MAX));
      if (file === undefined) return { text: analyticsLines(analytics), json: analytics };
      await writeFile(file, analyticsCsv(analytics));
      return { text: `CSV を書き出しました / wrote ${file}`, json: analytics };
    }
    case 'partners list': {
      args(rest, 0);
      const partners = unwrap(await registry.partners());
      return { text: partnerLines(partners), json: partners };
    }
    case 'partners put': {
      const [file = ''] = args(rest, 1);
      const read = await readPartnerFile(file);
      if (!read.ok) throw invalidFile(file, 'partner', read.problems);
      const { outcome } = unwrap(await registry.putPartner(read.value));
      return {
        text: `${outcome === 'created' ? '提携企業を登録しました / partner created' : '変換条件を更新しました / rules replaced'}: ${read.value.providerCode}`,
        json: { providerCode: read.value.providerCode, outcome },
      };
    }
    case 'points totals': {
      const [code = ''] = args(rest, 1);
      const totals = unwrap(await registry.programmeTotals(code));
      return { text: totalsLine(totals), json: totals };
    }
    default:
      break;
  }
  if (noun === 'catalogue' && verb === undefined) {
    const c = unwrap(await registry.catalogue());
    const lines = c.providers.flatMap((p) => [
      `${p.municipalityCode}  ${p.code}  ${p.name}`,
      ...c.services
        .filter((s) => s.providerCode === p.code)
        .map((s) => `    ${s.code}  ${s.name}${s.linkNeedsPin ? '  [暗証番号 / PIN]' : ''}`),
    ]);
    return { text: lines.join('\n'), json: c };
  }
  if (noun === 'stats' && verb === undefined) {
    const s = unwrap(await registry.stats());
    return {
      text: [
        `市区町村 ${s.municipalities} / 事業者 ${s.providers} / サービス ${s.services}`,
        `端末 / terminals: 登録済 enrolled ${s.terminals.enrolled}, 未登録 pending ${s.terminals.pending}, 停止 revoked ${s.terminals.revoked}`,
        `マイキーID: 既定 default ${s.myKeyIds.default}, 本人設定 custom ${s.myKeyIds.custom}, 仮登録 reserved ${s.myKeyIds.reserved}`,
        `サービスID連携 / links: ${s.links}`,
      ].join('\n'),
      json: s,
    };
  }
  throw new UsageError();
}

/** The trust anchors as an operator checks them against J-LIS's published fingerprints. */
function trustList(config: PlatformConfig): Output {
  const anchors = TrustAnchors.fromPaths(config.trustAnchorPaths).all();
  if (anchors.length === 0)
    return {
      text: `信頼するJPKI認証局がありません / no trusted JPKI CA in ${config.trustAnchorPaths.join(', ')}`,
      json: [],
    };
  const described = anchors.map((anchor) => ({
    subject: anchor.subject.replaceAll('\n', ', '),
    validFrom: new Date(anchor.validFrom).toISOString(),
    validTo: new Date(anchor.validTo).toISOString(),
    sha256Fingerprint: anchor.fingerprint256,
    caKey: caKeyOf(anchor),
  }));
  return {
    text: described
      .map(
        (a) =>
          `${a.subject}\n    ${a.validFrom} → ${a.validTo}\n    SHA-256 ${a.sha256Fingerprint}\n    CA key ${a.caKey}`,
      )
      .join('\n'),
    json: described,
  };
}

function print(output: Output, json: boolean): void {
  process.stdout.write(`${json ? JSON.stringify(output.json, null, 2) : output.text}\n`);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const config = readConfig();
  if (positionals.join(' ') === 'trust list') {
    // Files only: it runs while the platform holds the database.
    const output = trustList(config);
    print(output, values.json);
    return 0;
  }
  // The running platform holds a PGlite folder: the everyday commands go through its API.
  const address = config.databaseUrl ? undefined : await addressOf(config.dataDir);
  if (address !== undefined) {
    const token = await operatorToken(config.dataDir);
    if (token === undefined) {
      process.stderr.write(
        `動作中のプラットフォーム (${address}) に送るには運用者トークンが必要です。MYKEY_ADMIN_TOKEN に設定してください。\n` +
          `To reach the running platform (${address}) the CLI needs an operator token: set MYKEY_ADMIN_TOKEN (or keep ${join(config.dataDir, ADMIN_TOKEN_FILE)}).\n`,
      );
      return 1;
    }
    return runAndPrint(
      () => run(apiRegistry(address, token), undefined, positionals, config),
      values.json,
    );
  }
  if (!config.databaseUrl) {
    const openDataDir = await preparePrivateDataDir(config.dataDir);
    if (openDataDir !== undefined) process.stderr.write(`${openDataDir}\n`);
    const holder = await holderOf(config.dataDir);
    if (holder !== undefined) {
      process.stderr.write(
        `プラットフォームが動作中 (PID ${holder}) ですが、接続先がわからないため ${config.dataDir} を開けません。停止してから実行してください。\n` +
          `The platform (PID ${holder}) holds ${config.dataDir} and did not say where it answers; stop it first (PGlite allows one process).\n`,
      );
      return 1;
    }
  }
  const db = await openDatabase(config);
  try {
    return await runAndPrint(() => run(databaseRegistry(db), db, positionals, config), values.json);
  } finally {
    await db.close();
  }
}

/** MYKEY_ADMIN_TOKEN, or the token the platform wrote to its data folder on its first start. */
async function operatorToken(dataDir: string): Promise<string | undefined> {
  const fromEnv = process.env.MYKEY_ADMIN_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const fromFile = await readFile(join(dataDir, ADMIN_TOKEN_FILE), 'utf8').catch(() => undefined);
  return fromFile?.trim() || undefined;
}

/** Prints what the command made; a usage slip or a refusal goes to stderr with its exit code. */
async function runAndPrint(command: () => Promise<Output>, json: boolean): Promise<number> {
  try {
    print(await command(), json);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    if (error instanceof CommandFailed) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`エラー / error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
