import type { OperationResult } from '../../../../core/api/sync';
import { errorMessage } from '../../../../core/error-messages';
import type { StoredResult } from '../../../domain/sync';

/** A stored result as the terminal reads it: codes with their (English) sentence, points moved. */
export function toWire(operationId: string, result: StoredResult): OperationResult {
  if (result.status === 'rejected')
    return {
      operationId,
      status: 'rejected',
      error: { code: result.code, message: errorMessage(result.code, 'en') },
    };
  if (!('points' in result)) return { operationId, status: 'applied', outcome: result.outcome };
  const capped = result.outcome === 'awarded' && result.capped;
  return {
    operationId,
    status: 'applied',
    outcome: result.outcome,
    points: result.points,
    ...(capped
      ? { notice: { code: 'POINTS_DAILY_CAP', message: errorMessage('POINTS_DAILY_CAP', 'en') } }
      : {}),
  };
}
