import type { Result } from '../../core/result';
import type { PlatformConfig } from '../process/config';
import type { Database } from '../store/database';
import { CommandFailed, DomainFailure, UsageError } from './failures';
import type { Registry } from './registry';

/** What a command made: a text for people, and the same as JSON (`--json`) for scripts. */
export interface Output {
  text: string;
  json: unknown;
}

/** What a command runs with: the registry (the database or the running platform's API), and more. */
export interface CommandContext {
  registry: Registry;
  /** The database itself; throws NeedsDatabase while a running PGlite platform holds it. */
  db(): Database;
  config: PlatformConfig;
}

/** One command of the operator CLI: its words, its usage line and help (Japanese, then English). */
interface CommandLine {
  words: readonly [string, ...string[]];
  usage: string;
  help: string;
}

/**
 * A command and what it does: with the registry and the database, or (`files`) with files only,
 * so it runs while the platform holds the database.
 */
export type Command = CommandLine &
  (
    | { files?: false; run(context: CommandContext, rest: string[]): Promise<Output> }
    | { files: true; run(context: Pick<CommandContext, 'config'>, rest: string[]): Promise<Output> }
  );

export { CommandFailed, DomainFailure, NeedsDatabase, UsageError } from './failures';

/** A JSON file that does not fit its schema, every problem on its own line. */
export function invalidFile(file: string, what: string, problems: string[]): CommandFailed {
  return new CommandFailed(
    [
      `${file} の内容に誤りがあります / ${file} is not a valid ${what}:`,
      ...problems.map((p) => `  ${p}`),
    ].join('\n'),
  );
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new DomainFailure(result.code);
  return result.value;
}

/** Exactly `count` words, or the usage. */
export function args(list: string[], count: number): string[] {
  if (list.length !== count) throw new UsageError();
  return list;
}

/** Between `min` and `max` words, or the usage. */
export function argsBetween(list: string[], min: number, max: number): string[] {
  if (list.length < min || list.length > max) throw new UsageError();
  return list;
}
