import type { ErrorCode } from './errors';

/** A use case's answer: a value, or a stable error code the caller turns into a response. */
export type Result<T> = { ok: true; value: T } | { ok: false; code: ErrorCode };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode): Result<T> => ({ ok: false, code });
