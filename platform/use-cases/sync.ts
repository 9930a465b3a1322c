import type { AnyOperation } from '../../core/api/sync';
import { OPERATION_RETENTION_DAYS } from '../../core/api/sync';
import { japanDay } from '../../core/points/japan-day';
import type { LinkProofPolicy } from '../certificates/link-proof';
import {
  earlierOperations,
  holdOnce,
  onceKey,
  recordOperation,
  resendResult,
} from '../domain/exactly-once';
import type { OperationMacs } from '../domain/operation-macs';
import type { StoredResult } from '../domain/stored-result';
import type { OperatingTerminal } from '../domain/terminals';
import type { Database, Queryable } from '../store/database';
import { lockFor } from '../store/sql';
import { registerLinkAtCounter } from './counter-links';
import { pointsAtCounter } from './counter-points';

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
  linkProofs: LinkProofPolicy,
  today: string = japanDay(),
): Promise<{ operationId: string; result: StoredResult }[]> {
  return db.transaction(async (tx) => {
    // A batch keeps its terminal's order; one operation sent online needs no order, only its id
    // held, so a terminal's parallel requests do not wait on each other. Every operation's id is
    // held either way, so the same id in a batch and online at once is applied once.
    if (operations.length > 1) await lockFor(tx, `terminal:${terminal.id}`);
    await holdOnce(
      tx,
      operations.map((op) => onceKey.operation(terminal.id, op.operationId)),
    );
    const seen = await earlierOperations(
      tx,
      terminal.id,
      operations.map((op) => op.operationId),
    );
    const results: { operationId: string; result: StoredResult }[] = [];
    for (const op of operations) {
      const operationId = op.operationId.toLowerCase();
      const before = seen.get(operationId);
      let result: StoredResult;
      if (before !== undefined) {
        result = resendResult(macs, before, macs.of(op));
      } else if (op.kind === 'registerLink') {
        const applied = await registerLinkAtCounter(tx, terminal, op, linkProofs);
        result = applied.ok
          ? { status: 'applied', outcome: applied.value }
          : { status: 'rejected', code: applied.code };
        const mac = macs.of(op);
        await recordOperation(tx, terminal.id, operationId, result, mac);
        seen.set(operationId, { result, mac });
      } else {
        // Points operations record themselves, in the database function that applies them; an
        // award refused for its card (checked as it was when read: counter-points.ts) is recorded
        // here, so a resent batch gets the same answer.
        const applied = await pointsAtCounter(
          tx,
          { terminal, macs, today, balanceIn: [], policy: linkProofs, queued: true },
          op,
        );
        result = applied.result;
        if (!applied.recorded)
          await recordOperation(tx, terminal.id, operationId, result, applied.mac);
        seen.set(operationId, { result, mac: applied.mac });
      }
      results.push({ operationId: op.operationId, result });
    }
    return results;
  });
}

/**
 * Forgets operation ids older than the retention period (at least 90 days), and partners'
 * transaction ids with them.
 */
export async function purgeOldOperations(
  db: Queryable,
  retentionDays = OPERATION_RETENTION_DAYS,
): Promise<number> {
  const days = Math.max(retentionDays, OPERATION_RETENTION_DAYS);
  const rows = await db.query(
    `WITH o AS (DELETE FROM sync_operations WHERE recorded_on < current_date - $1::int RETURNING 1),
       c AS (DELETE FROM point_conversions WHERE recorded_on < current_date - $1::int RETURNING 1)
     SELECT 1 FROM o UNION ALL SELECT 1 FROM c`,
    [days],
  );
  return rows.length;
}
