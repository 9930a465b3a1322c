import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'core/**/*.test.ts',
      'platform/**/*.test.ts',
      'bridge/**/*.test.ts',
      'app/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    // The PostgreSQL suites share one throwaway server; files run in parallel against separate databases.
    globalSetup: ['tests/support/global-setup.ts'],
    // Every test fails if a virtual My Number card saw a selection other than the JPKI AP.
    setupFiles: ['tests/support/card-watch.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    testTimeout: 30_000,
    // Browser and card steps answer within milliseconds alone, but CI runs suites side by side
    // on two cores: a poll waits up to 5 s before it calls a step failed.
    expect: { poll: { timeout: 5_000 } },
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
