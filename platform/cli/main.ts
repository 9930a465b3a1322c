import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ADMIN_TOKEN_FILE } from '../process/bootstrap-admin';
import { type PlatformConfig, readConfig } from '../process/config';
import { addressOf, holderOf } from '../process/data-dir-lock';
import { preparePrivateDataDir } from '../process/private-data-dir';
import type { Database } from '../store/database';
import { openDatabase } from '../store/open';
import { CommandFailed, NeedsDatabase, type Output, UsageError } from './command';
import { findCommand, usageOf } from './commands';
import { apiRegistry, databaseRegistry, type Registry } from './registry';

const USAGE = usageOf();

/**
 * Runs one command of the table. The everyday ones go through `registry` (the database, or the
 * running platform's admin API); the rest need the database itself, which a running PGlite
 * platform holds.
 */
function run(
  registry: Registry,
  database: Database | undefined,
  found: ReturnType<typeof findCommand>,
  config: PlatformConfig,
): Promise<Output> {
  if (found === undefined) throw new UsageError();
  const db = (): Database => {
    if (database === undefined) throw new NeedsDatabase(config.dataDir);
    return database;
  };
  const { command, rest } = found;
  return command.files === true
    ? command.run({ config }, rest)
    : command.run({ registry, db, config }, rest);
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
  const found = findCommand(positionals);
  // Files only: it runs while the platform holds the database.
  const command = found?.command;
  if (found !== undefined && command?.files === true)
    return runAndPrint(() => command.run({ config }, found.rest), values.json);
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
      () => run(apiRegistry(address, token), undefined, found, config),
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
    return await runAndPrint(() => run(databaseRegistry(db), db, found, config), values.json);
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
