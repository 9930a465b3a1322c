import type { File, Test } from '@vitest/runner';
import { defineConfig } from 'vitest/config';
import type { Reporter, Vitest } from 'vitest/node';

/**
 * Stryker's vitest runner (9.6.1, and 10.x) builds a mutant's result from the tests it collected.
 * A test file that fails to load (a mutant that throws while a module is imported, such as
 * `bridge/cards/jpki-commands.ts`'s constants) collects none, so the mutant would count as
 * survived (stryker-js#6150). This reporter gives such a file one failed test carrying its load
 * error, so the mutant counts as killed, as the ordinary suite would have failed. A file that
 * loaded is left as it is.
 */
function unloadableFileFails(): Reporter {
  let vitest: Vitest | undefined;
  return {
    onInit(ctx) {
      vitest = ctx;
    },
    onTestRunEnd() {
      for (const file of vitest?.state.getFiles() ?? []) {
        if (file.result?.state !== 'fail' || file.tasks.length > 0) continue;
        const failed = {
          type: 'test',
          id: `${file.id}_load`,
          name: 'the test file loads',
          mode: 'run',
          file,
          suite: file as File,
          meta: {},
          result: { state: 'fail', errors: file.result.errors ?? [] },
        } as unknown as Test;
        file.tasks.push(failed);
      }
    },
  };
}

/**
 * The unit tests Stryker runs against each mutant (`npm run mutate`): core/ and bridge/cards/
 * only. No global setup (these tests need neither the built app nor PostgreSQL). The card-watch
 * setup file stays: bridge/cards/jpki.test.ts drives a virtual My Number card, and a mutant that
 * makes it select another application must fail there as it would in the full suite.
 */
export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'bridge/cards/**/*.test.ts'],
    setupFiles: ['tests/support/card-watch.ts'],
    reporters: ['default', unloadableFileFails()],
    testTimeout: 30_000,
    pool: 'threads',
  },
});
