/**
 * A suite's teardown: closes each part in the order given (the browser first, the platform
 * last), skipping parts a failed setup never made, and a failed close does not stop the rest.
 */
export async function closeAll(...parts: Array<{ close(): unknown } | undefined>): Promise<void> {
  for (const part of parts) await Promise.resolve(part?.close()).catch(() => undefined);
}
