import type { Command } from '../command';
import { ADMIN_COMMANDS } from './admins';
import { CATALOGUE_COMMANDS } from './catalogue';
import { CERTIFICATE_COMMANDS } from './certificates';
import { POINTS_COMMANDS } from './points';
import { TERMINAL_COMMANDS } from './terminals';

/** Every command of the operator CLI, in the order the usage lists them. */
export const COMMANDS: readonly Command[] = [
  ...CATALOGUE_COMMANDS,
  ...TERMINAL_COMMANDS,
  ...ADMIN_COMMANDS,
  ...CERTIFICATE_COMMANDS,
  ...POINTS_COMMANDS,
];

/** The command the words name, and the words after it; undefined for no command. */
export function findCommand(
  words: readonly string[],
  commands: readonly Command[] = COMMANDS,
): { command: Command; rest: string[] } | undefined {
  const command = commands.find((c) => c.words.every((word, i) => words[i] === word));
  return command === undefined ? undefined : { command, rest: words.slice(command.words.length) };
}

/** The usage, made from the table: one line per command, its help beside it. */
export function usageOf(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.usage.length)) + 2;
  return `使い方 / usage: npm run platform -- <command> [--json]

${commands.map((c) => `  ${c.usage.padEnd(width)}${c.help}`).join('\n')}

Uses DATABASE_URL (PostgreSQL) or the PGlite directory MYKEY_DATA_DIR (default .data/platform).
While the platform runs on that directory, the catalogue, terminal and points commands go through its
admin API; admin, crl and renewal commands need it stopped (trust list reads files only).
動作中のプラットフォームには、カタログ・端末・ポイントのコマンドが管理APIで届きます (admin・crl・renewal は停止後に)。`;
}
