import { errorMessage } from '../../core/error-messages';
import type { ErrorCode } from '../../core/errors';

/** The words after the command did not fit its usage: the usage is shown, exit code 2. */
export class UsageError extends Error {}

/** A command that ran and failed: its message goes to stderr as it is, and the exit code is 1. */
export class CommandFailed extends Error {}

/** A command that needs the database itself while the running platform holds it. */
export class NeedsDatabase extends CommandFailed {
  constructor(dataDir: string) {
    super(
      `このコマンドはデータベースを直接使うため、動作中のプラットフォームが ${dataDir} を使っている間は実行できません。プラットフォームを停止してから実行してください。\n` +
        `This command needs the database itself, which the running platform holds (${dataDir}); stop the platform first (Ctrl+C in its window), then run it again.`,
    );
  }
}

/** A refusal with its stable code, said in both languages. */
export class DomainFailure extends CommandFailed {
  constructor(readonly code: ErrorCode) {
    super(`${errorMessage(code, 'ja')} / ${errorMessage(code, 'en')} (${code})`);
  }
}
