import type { Queryable } from '../store/database';
import { lockAll } from '../store/sql';
import type { OperationMacs } from './operation-macs';
import type { EarlierOperation, StoredResult } from './stored-result';

/**
 * Exactly once, defined once. Every request the platform must apply once (a terminal's operation:
 * a link at the counter or a points operation; a partner's conversion; a partner's coupon batch)
 * carries its sender's own id, and is applied under one rule (as formancehq/ledger runs every
 * command through one idempotency path):
 * 1. the id is held by a transaction lock of the key below, so two copies at once wait for each
 *    other and the second finds the first's record;
 * 2. an id recorded before is answered from its record: the same result when the content's MAC is
 *    the same, OPERATION_ID_REUSED when it is not (the record stays as it was);
 * 3. otherwise the request is applied and recorded with its result and MAC, in the same
 *    transaction.
 * The database functions that apply points operations (point_operation_once, 0007) and
 * conversions (point_convert, 0008) do 1–3 in their own statements, so an operation is one round
 * trip; they spell the same keys, and tests/platform/exactly-once.test.ts holds them to these.
 */
export const onceKey = {
  /** A terminal's operation, whichever path it comes by (a batch, online, a points call). */
  operation: (terminalId: string, operationId: string) =>
    `operation:${terminalId}:${operationId.toLowerCase()}`,
  /** A partner's conversion for its customer, by the partner's transaction id. */
  conversion: (partnerCode: string, transactionId: string) =>
    `conversion:${partnerCode}:${transactionId}`,
  /** A partner's batch of coupon codes, by its batch id. */
  couponBatch: (partnerCode: string, batchId: string) => `coupon-batch:${partnerCode}:${batchId}`,
} as const;

/** Holds the ids until the transaction ends (several at once in a fixed order: no deadlock). */
export function holdOnce(tx: Queryable, keys: readonly string[]): Promise<void> {
  return lockAll(tx, keys);
}

/**
 * Whether a resend is the request recorded before. `rederivable`: the answer is made again from
 * the operation key (a coupon batch's codes), so a record made under an earlier key cannot answer
 * it, and the sender must use a new id.
 */
export function sameRequest(
  macs: OperationMacs,
  earlierMac: string | null,
  nowMac: string,
  options: { rederivable?: boolean } = {},
): boolean {
  if (options.rederivable === true && (earlierMac === null || !macs.madeWithThisKey(earlierMac)))
    return false;
  return macs.sameMac(earlierMac, nowMac);
}

/**
 * The answer to an id seen before: the result it got then if the content's MAC is the same as
 * `now`'s, OPERATION_ID_REUSED otherwise (the stored result stays as it was).
 */
export function resendResult<R>(
  macs: OperationMacs,
  earlier: { result: R; mac: string | null },
  now: string,
): R | { status: 'rejected'; code: 'OPERATION_ID_REUSED' } {
  return sameRequest(macs, earlier.mac, now)
    ? earlier.result
    : { status: 'rejected', code: 'OPERATION_ID_REUSED' };
}

/** The records of a terminal's operation ids applied (or refused) before, by lower-case id. */
export async function earlierOperations(
  db: Queryable,
  terminalId: string,
  operationIds: readonly string[],
): Promise<Map<string, EarlierOperation>> {
  const rows = await db.query<{
    operation_id: string;
    result: StoredResult;
    content_mac: string | null;
  }>(
    `SELECT operation_id::text, result, content_mac FROM sync_operations
     WHERE terminal_id = $1 AND operation_id = ANY($2::uuid[])`,
    [terminalId, operationIds],
  );
  return new Map(
    rows.map((row) => [row.operation_id, { result: row.result, mac: row.content_mac }]),
  );
}

/** The record of one terminal's operation id, if it was applied (or refused) before. */
export async function earlierOperation(
  db: Queryable,
  terminalId: string,
  operationId: string,
): Promise<EarlierOperation | undefined> {
  return (await earlierOperations(db, terminalId, [operationId])).get(operationId.toLowerCase());
}

/** Records what an operation got, under its id (inside the transaction that applied it). */
export async function recordOperation(
  tx: Queryable,
  terminalId: string,
  operationId: string,
  result: StoredResult,
  mac: string | null,
): Promise<void> {
  await tx.query(
    `INSERT INTO sync_operations (terminal_id, operation_id, result, content_mac)
     VALUES ($1, $2, $3, $4)`,
    [terminalId, operationId.toLowerCase(), JSON.stringify(result), mac],
  );
}
