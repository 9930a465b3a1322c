import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildAppInto } from './browser';
import { findPostgresBin, postgresMissingMessage, startTestPostgres } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the run's PostgreSQL server (database `postgres`), or '' without one. */
    postgresAdminUrl: string;
    postgresLogFile: string;
    /** The reception app built once for the run ('' when the setup did not build it). */
    appDir: string;
  }
}

/**
 * Starts one PostgreSQL server for the whole run. In CI a missing server fails the run; on a
 * developer machine without PostgreSQL the PostgreSQL variants are skipped with this explanation.
 */
export default async function setup(project: TestProject) {
  const appDir = join(mkdtempSync(join(tmpdir(), 'mykey-app-')), 'app');
  await buildAppInto(appDir);
  project.provide('appDir', appDir);
  const bin = findPostgresBin();
  if (bin === undefined) {
    if (process.env.CI) throw new Error(postgresMissingMessage());
    process.stderr.write(
      `\n⚠ ${postgresMissingMessage()}\n  Skipping the PostgreSQL variants (not in CI).\n\n`,
    );
    project.provide('postgresAdminUrl', '');
    project.provide('postgresLogFile', '');
    return;
  }
  const server = await startTestPostgres(bin);
  project.provide('postgresAdminUrl', server.adminUrl);
  project.provide('postgresLogFile', server.logFile);
  return () => server.stop();
}
