import type { Database } from '../../platform/store/database';

export const LINK_COUNT = Number(process.env.BENCH_LINKS ?? 1_000_000);

/** The My Key ID of link number i: 14 characters of A-Z0-9, as a certificate would give. */
export const benchMyKeyId = (i: number) => `B${String(i).padStart(13, '0')}`;
export const benchServiceId = (i: number) => `S${String(i).padStart(10, '0')}`;

/** Registers `count` default My Key IDs (no links), in one statement. */
export async function loadMyKeyIds(db: Database, count: number): Promise<void> {
  await db.query(
    `INSERT INTO my_keys (my_key_id, kind, certificate_issuer, certificate_serial)
     SELECT 'B' || lpad(i::text, 13, '0'), 'default', 'bench', to_hex(i) FROM generate_series(1, $1::int) AS i`,
    [count],
  );
}

/** Loads `count` My Key IDs, each linked to the demo point card service, in one statement each. */
export async function loadLinks(db: Database, count: number): Promise<void> {
  await loadMyKeyIds(db, count);
  await db.query(
    `INSERT INTO links (my_key_id, service_code, service_id)
     SELECT 'B' || lpad(i::text, 13, '0'), 'A-a1-0001', 'S' || lpad(i::text, 10, '0') FROM generate_series(1, $1::int) AS i`,
    [count],
  );
  await db.exec('ANALYZE');
}
