import type { TestProject } from 'vitest/node';
import { findPostgresBin, postgresMissingMessage, startTestPostgres } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the run's PostgreSQL server (database `postgres`), or '' without one. */
    postgresAdminUrl: string;
    postgresLogFile: string;
  }
}

/**
 * Starts one PostgreSQL server for the whole run. In CI a missing server fails the run; on a
 * developer machine without PostgreSQL the PostgreSQL variants are skipped with this explanation.
 */
export default async function setup(project: TestProject) {
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
