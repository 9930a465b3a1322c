import { type RevocationRow, revocationColumns } from '../certificates/crl';
import type { Queryable } from '../store/database';
import { TurnBatch } from '../store/turn-batch';

/**
 * What a tap reads: the card's revocation, the My Key ID bound to it, and that ID's link to the
 * service (照会; none asked at a points counter).
 */
export interface TapRead {
  caKey: string;
  serial: string;
  issuer: string;
  serviceCode: string | null;
}

export type TapRow = RevocationRow & { my_key_id: string | null; service_id: string | null };

/** One batch per database handle: the taps of one event-loop turn are read in one statement. */
const batches = new WeakMap<Queryable, TurnBatch<TapRead, TapRow>>();

export function readTap(db: Queryable, read: TapRead): Promise<TapRow> {
  let batch = batches.get(db);
  if (batch === undefined) {
    batch = new TurnBatch((reads) => readTaps(db, reads));
    batches.set(db, batch);
  }
  return batch.add(read);
}

async function readTaps(db: Queryable, reads: TapRead[]): Promise<TapRow[]> {
  const rows = await db.query<TapRow & { i: string }>(
    `SELECT q.i, ${revocationColumns('q.ca_key', 'q.serial')}, k.my_key_id, l.service_id
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       WITH ORDINALITY AS q (ca_key, serial, issuer, service_code, i)
     LEFT JOIN my_keys k ON k.certificate_issuer = q.issuer AND k.certificate_serial = q.serial
     LEFT JOIN links l ON l.my_key_id = k.my_key_id AND l.service_code = q.service_code`,
    [
      reads.map((r) => r.caKey),
      reads.map((r) => r.serial),
      reads.map((r) => r.issuer),
      reads.map((r) => r.serviceCode),
    ],
  );
  const byPosition = new Map(rows.map((row) => [Number(row.i), row]));
  return reads.map((_, index) => {
    const row = byPosition.get(index + 1);
    if (row === undefined) throw new Error('a tap was not answered by its batch');
    return row;
  });
}
