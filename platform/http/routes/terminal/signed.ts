import type { KnownTerminal } from '../../auth/terminal-directory';

/** The terminal that signed the request (the route's auth hook has checked it before any handler). */
export function terminalOf(request: { terminal?: KnownTerminal }): KnownTerminal {
  if (request.terminal === undefined)
    throw new Error('terminal route reached without authentication');
  return request.terminal;
}
