import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../../core/api/common';
import { errorMessage } from '../../core/error-messages';
import type { ErrorCode } from '../../core/errors';
import type { Result } from '../../core/result';
import { UnstorableValue } from '../store/database';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../store/unavailable';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MYKEY_ID_INVALID: 400,
  CERTIFICATE_INVALID: 400,
  BATCH_TOO_LARGE: 400,
  PAYLOAD_TOO_LARGE: 413,
  OPERATION_ID_REUSED: 409,
  NOT_FOUND: 404,
  ADMIN_TOKEN_INVALID: 401,
  ADMIN_ROLE_FORBIDDEN: 403,
  SIGNATURE_MISSING: 401,
  SIGNATURE_INVALID: 401,
  SIGNATURE_EXPIRED: 401,
  CONTENT_DIGEST_MISMATCH: 400,
  REQUEST_REPLAYED: 401,
  TERMINAL_UNKNOWN: 401,
  TERMINAL_REVOKED: 403,
  ENROLMENT_CODE_INVALID: 400,
  ENROLMENT_KEY_INVALID: 400,
  ENROLMENT_RATE_LIMITED: 429,
  SERVICE_NOT_ALLOWED: 403,
  MUNICIPALITY_NOT_FOUND: 404,
  PROVIDER_NOT_FOUND: 404,
  SERVICE_NOT_FOUND: 404,
  TERMINAL_NOT_FOUND: 404,
  ADMIN_NOT_FOUND: 404,
  CODE_TAKEN: 409,
  SERVICE_CODE_MISMATCH: 400,
  MYKEY_TAKEN: 409,
  MYKEY_NOT_REGISTERED: 404,
  CERTIFICATE_ALREADY_REGISTERED: 409,
  RESERVATION_NOT_FOUND: 404,
  CERTIFICATE_NOT_REGISTERED: 404,
  CHALLENGE_INVALID: 400,
  CHALLENGE_EXPIRED: 400,
  HOLDER_SIGNATURE_INVALID: 403,
  CERTIFICATE_UNTRUSTED: 403,
  CERTIFICATE_EXPIRED: 403,
  CERTIFICATE_REVOKED: 403,
  // The platform's CRL is out of date: the citizen is not at fault, and it heals when it is reloaded.
  REVOCATION_UNKNOWN: 503,
  CRL_INVALID: 400,
  CRL_UNREACHABLE: 502,
  CRL_TOO_LARGE: 413,
  HOLDER_SESSION_INVALID: 401,
  ALREADY_LINKED: 409,
  SERVICE_ID_TAKEN: 409,
  LINK_NOT_FOUND: 404,
  LINK_NEEDS_PIN: 403,
  LINK_PROOF_TOO_OLD: 403,
  LINK_PROOF_REPLAYED: 403,
  LINK_PROOF_NOT_THIS_CARD: 403,
  PROGRAMME_NOT_FOUND: 404,
  PROGRAMME_INVALID: 400,
  MUNICIPAL_PROGRAMME_EXISTS: 409,
  PROGRAMME_PARTICIPANT_IS_PARTNER: 409,
  POINTS_NOT_ALLOWED: 403,
  ANALYTICS_NOT_ALLOWED: 403,
  POINTS_ACTIVITY_NOT_FOUND: 404,
  POINTS_AWARD_ZERO: 422,
  POINTS_DAILY_CAP: 409,
  CREDENTIAL_NOT_ALLOWED: 403,
  PARTNER_NOT_FOUND: 404,
  PARTNER_INVALID: 422,
  CONVERSION_NOT_LINKED: 409,
  CONVERSION_TOO_SMALL: 422,
  CONVERSION_DAILY_CAP: 409,
  MUNICIPAL_PROGRAMME_NOT_FOUND: 404,
  HOLDING_EMPTY: 409,
  COUPON_MISTYPED: 422,
  LINK_CODE_MISTYPED: 422,
  LINK_CODE_INVALID: 422,
  COUPON_INVALID: 404,
  COUPON_USED: 409,
  COUPON_EXPIRED: 409,
  COUPON_RATE_LIMITED: 429,
  SETTLEMENT_PERIOD_OPEN: 409,
  SETTLEMENT_EARLIER_OPEN: 409,
  SETTLEMENT_NOT_FOUND: 404,
  SETTLEMENT_PERIOD_INVALID: 400,
  POINTS_INSUFFICIENT: 409,
  POINTS_CANCEL_NOT_FOUND: 404,
  POINTS_CANCEL_TOO_LATE: 409,
  POINTS_ALREADY_CANCELLED: 409,
  POINTS_NOT_THIS_CARD: 403,
  POINTS_TAP_TOO_OLD: 403,
  POINTS_NEED_PIN: 403,
  POINTS_PIN_TOO_OLD: 403,
  POINTS_PIN_REPLAYED: 403,
  PLATFORM_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
};

export function errorBody(code: ErrorCode, issues?: ErrorBody['error']['issues']): ErrorBody {
  return { error: { code, message: errorMessage(code, 'en'), ...(issues ? { issues } : {}) } };
}

export function replyError(
  reply: FastifyReply,
  code: ErrorCode,
  issues?: ErrorBody['error']['issues'],
) {
  return reply.code(HTTP_STATUS[code]).type('application/json').send(errorBody(code, issues));
}

/**
 * A use case's result as the reply: its value (201 for a creation), or its code as the error body.
 * The one way a route turns a Result into HTTP.
 */
export function replyWith<T>(reply: FastifyReply, result: Result<T>, status: 200 | 201 = 200) {
  return result.ok ? reply.code(status).send(result.value) : replyError(reply, result.code);
}

/** Which code a failed schema validation gets: the most specific one that covers every issue. */
function validationCode(issues: { path: string; code: string | undefined }[]): ErrorCode {
  if (issues.some((i) => i.path === '/operations' && i.code === 'too_big'))
    return 'BATCH_TOO_LARGE';
  if (issues.length > 0 && issues.every((i) => /\/myKeyId$/.test(i.path)))
    return 'MYKEY_ID_INVALID';
  return 'VALIDATION_FAILED';
}

/**
 * Every failure leaves as `{ error: { code, message } }`. Unexpected errors are logged by type
 * and code only: database errors can quote the values of a row (a My Key ID, a service ID).
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      path: v.instancePath,
      message: v.message ?? 'invalid',
      code: v.keyword,
    }));
    return replyError(
      reply,
      validationCode(issues),
      issues.map(({ path, message }) => ({ path, message })),
    );
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return replyError(reply, 'PAYLOAD_TOO_LARGE');
  if ((error as Error) instanceof UnstorableValue)
    return replyError(reply, 'VALIDATION_FAILED', [{ path: '', message: error.message }]);
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ errorType: error.name, errorCode: error.code }, 'database unavailable');
    reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    return replyError(reply, 'PLATFORM_UNAVAILABLE');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return reply
      .code(status)
      .send(errorBody('VALIDATION_FAILED', [{ path: '', message: error.code ?? 'bad request' }]));
  }
  request.log.error({ errorType: error.name, errorCode: error.code }, 'unexpected error');
  return replyError(reply, 'INTERNAL_ERROR');
}
