import { ADMIN_API } from '../../../core/api/routes/admin';
import { ok } from '../../../core/result';
import {
  createTerminal,
  listTerminals,
  reissueEnrolmentCode,
  revokeTerminal,
} from '../../domain/terminals';
import type { Database } from '../../store/database';
import type { TerminalDirectory } from '../auth/terminal-directory';
import { replyWith } from '../errors';
import type { Serve } from '../serve';

/** Operators: terminals, their revocation and a new enrolment code. */
export function serveTerminalAdmin(serve: Serve, db: Database, directory: TerminalDirectory) {
  serve(ADMIN_API.listTerminals, async (request) => ({
    terminals: await listTerminals(db, request.query.providerCode),
  }));
  serve(ADMIN_API.createTerminal, async (request, reply) =>
    replyWith(reply, await createTerminal(db, request.body), 201),
  );
  serve(ADMIN_API.revokeTerminal, async (request, reply) => {
    const result = await revokeTerminal(db, request.params.terminalId);
    directory.forget(request.params.terminalId);
    return replyWith(reply, result.ok ? ok({ revoked: true as const }) : result);
  });
  serve(ADMIN_API.reissueEnrolmentCode, async (request, reply) => {
    const result = await reissueEnrolmentCode(db, request.params.terminalId);
    directory.forget(request.params.terminalId);
    return replyWith(reply, result);
  });
}
