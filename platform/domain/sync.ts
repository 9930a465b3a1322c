import type { AnyOperation } from '../../core/api/sync';
import { OPERATION_RETENTION_DAYS } from '../../core/api/sync';
import { japanDay } from '../../core/points/japan-day';
import type { Database, Queryable } from '../store/database';
import { lockAll, lockFor } from '../store/sql';
import { registerLink, type ServiceScope } from './links';
import type { OperationMacs } from './operation-macs';
import {
  awardPoints,
  cancelPoints,
  type PointsContext,
  type PointsResult,
  redeemPoints,
} from './point-operations';

/**
 * What is stored per operation: an outcome (with the points it moved) or an error code, never the
 * operation's IDs.
 */
export type StoredResult =
  | { status: 'applied'; outcome: 'registered' | 'already_registered' }
  | PointsResult;

/** The terminal an operation comes from: its services and its provider. */
export type OperatingTerminal = ServiceScope & { id: string; providerCode: string };

async function applyOperation(
  tx: Queryable,
  terminal: OperatingTerminal,
  op: AnyOperation,
  points: PointsContext,
): Promise<StoredResult> {
  switch (op.kind) {
    case 'registerLink': {
      const result = await registerLink(tx, terminal, op);
      return result.ok
        ? { status: 'applied', outcome: result.value }
        : { status: 'rejected', code: result.code };
    }
    case 'awardPoints':
      return awardPoints(tx, points, op);
    case 'redeemPoints':
      return redeemPoints(tx, points, op);
    case 'cancelPoints':
      return cancelPoints(tx, points, op);
  }
}

/**
 * Applies a terminal's batch in order, each operation exactly once: an operation id seen before
 * (in an earlier batch or earlier in this one) with the same content gets the result it got then;
 * with other content, OPERATION_ID_REUSED (the stored result stays as it was). Batches of one
 * terminal are serialised by an advisory lock, so its order holds even when it retries in parallel.
 */
export async function applyBatch(
  db: Database,
  terminal: OperatingTerminal,
  operations: readonly AnyOperation[],
  macs: OperationMacs,
  today: string = japanDay(),
): Promise<{ operationId: string; result: StoredResult }[]> {
  const points: PointsContext = { terminal, today, macs };
  return db.transaction(async (tx) => {
    // A batch keeps its terminal's order; one operation sent online needs no order, only its id
    // held, so a terminal's parallel requests do not wait on each other. Every operation's id is
    // held either way, so the same id in a batch and online at once is applied once.
    if (operations.length > 1) await lockFor(tx, `terminal:${terminal.id}`);
    await lockAll(
      tx,
      operations.map((op) => `operation:${terminal.id}:${op.operationId.toLowerCase()}`),
    );
    const ids = operations.map((op) => op.operationId);
    const seen = new Map<string, { result: StoredResult; mac: string | null }>();
    const earlier = await tx.query<{
      operation_id: string;
      result: StoredResult;
      content_mac: string | null;
    }>(
      `SELECT operation_id::text, result, content_mac FROM sync_operations
       WHERE terminal_id = $1 AND operation_id = ANY($2::uuid[])`,
      [terminal.id, ids],
    );
    for (const row of earlier)
      seen.set(row.operation_id, { result: row.result, mac: row.content_mac });
    const results: { operationId: string; result: StoredResult }[] = [];
    for (const op of operations) {
      const operationId = op.operationId.toLowerCase();
      const before = seen.get(operationId);
      let result: StoredResult;
      if (before !== undefined) {
        result = macs.sameContent(before.mac, op) ? before.result : REUSED;
      } else {
        result = await applyOperation(tx, terminal, op, points);
        const mac = macs.of(op);
        await tx.query(
          `INSERT INTO sync_operations (terminal_id, operation_id, result, content_mac)
           VALUES ($1, $2, $3, $4)`,
          [terminal.id, operationId, JSON.stringify(result), mac],
        );
        seen.set(operationId, { result, mac });
      }
      results.push({ operationId: op.operationId, result });
    }
    return results;
  });
}

const REUSED: StoredResult = { status: 'rejected', code: 'OPERATION_ID_REUSED' };

/** Forgets operation ids older than the retention period (at least 90 days). */
export async function purgeOldOperations(
  db: Queryable,
  retentionDays = OPERATION_RETENTION_DAYS,
): Promise<number> {
  const days = Math.max(retentionDays, OPERATION_RETENTION_DAYS);
  const rows = await db.query(
    'DELETE FROM sync_operations WHERE recorded_on < current_date - $1::int RETURNING 1',
    [days],
  );
  return rows.length;
}
