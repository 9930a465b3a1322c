import type { OperationResult } from '../../../../core/api/sync';
import type { StoredResult } from '../../../domain/stored-result';
import { errorBody } from '../../errors';

/** A stored result as the terminal reads it: codes with their (English) sentence, points moved. */
export function toWire(operationId: string, result: StoredResult): OperationResult {
  if (result.status === 'rejected')
    return { operationId, status: 'rejected', error: errorBody(result.code).error };
  if (!('points' in result)) return { operationId, status: 'applied', outcome: result.outcome };
  const capped = result.outcome === 'awarded' && result.capped;
  return {
    operationId,
    status: 'applied',
    outcome: result.outcome,
    points: result.points,
    ...(capped ? { notice: errorBody('POINTS_DAILY_CAP').error } : {}),
  };
}
