import type { KnownTerminal } from '../../auth/terminal-directory';

/** Every signed route's OpenAPI group: an RFC 9421 signature by an enrolled terminal. */
export const signedGroup = { tags: ['terminal'], security: [{ terminalSignature: [] }] };

/** The terminal that signed the request (the folder's hook has checked it before any handler). */
export function terminalOf(request: { terminal?: KnownTerminal }): KnownTerminal {
  if (request.terminal === undefined)
    throw new Error('terminal route reached without authentication');
  return request.terminal;
}
