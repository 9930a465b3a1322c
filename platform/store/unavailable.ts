/**
 * Whether an error means the database cannot be reached just now (stopped, restarting, failing
 * over, out of connections), not that a query was wrong. Such a request did nothing it could have
 * half done (a transaction is rolled back whole), so the terminal can send it again: the API says
 * 503 with Retry-After, and the pool connects again by itself once the database is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    // SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, crash, starting up),
    // 53300 (too many connections); then Node's own socket errors.
    if (/^08/.test(code) || /^57P0[1-3]$/.test(code) || code === '53300') return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTCONN'].includes(code))
      return true;
  }
  // node-postgres reports a lost or unobtainable connection by message only.
  return (
    typeof message === 'string' &&
    /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed)/.test(
      message,
    )
  );
}

/** How long a terminal waits before it tries again: about what a restart or a failover takes. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
