import type { Queryable } from '../../platform/store/database';

/** Every row of every table, as text, by table. */
export async function dumpTables(platform: { db: Queryable }): Promise<Map<string, string[]>> {
  const tables = await platform.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  const dump = new Map<string, string[]>();
  for (const { table_name } of tables) {
    const rows = await platform.db.query<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM "${table_name}" t ORDER BY 1`,
    );
    dump.set(
      table_name,
      rows.map((r) => r.row),
    );
  }
  return dump;
}
