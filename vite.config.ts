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
    reporters: ['default', './tests/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
