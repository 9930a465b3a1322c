import { ADMIN_POINTS_API } from '../../../core/api/routes/admin-points';
import { fail } from '../../../core/result';
import { listPartners, putPartner } from '../../domain/points/partners';
import { listProgrammes, programmeTotals, putProgramme } from '../../domain/points/programmes';
import type { Database } from '../../store/database';
import type { TerminalDirectory } from '../auth/terminal-directory';
import { replyWith } from '../errors';
import type { Serve } from '../serve';

/** Operators: ポイント制度 and their rules, each programme's totals, and the partners (提携企業). */
export function servePointsAdmin(serve: Serve, db: Database, directory: TerminalDirectory) {
  serve(ADMIN_POINTS_API.listProgrammes, async () => ({ programmes: await listProgrammes(db) }));
  serve(ADMIN_POINTS_API.putProgramme, async (request, reply) => {
    if (request.body.code !== request.params.code)
      return replyWith(reply, fail('PROGRAMME_INVALID'));
    return replyWith(reply, await putProgramme(db, request.body));
  });
  serve(ADMIN_POINTS_API.programmeTotals, async (request, reply) =>
    replyWith(reply, await programmeTotals(db, request.params.code)),
  );
  serve(ADMIN_POINTS_API.listPartners, async () => ({ partners: await listPartners(db) }));
  serve(ADMIN_POINTS_API.putPartner, async (request, reply) => {
    if (request.body.providerCode !== request.params.providerCode)
      return replyWith(reply, fail('PARTNER_INVALID'));
    const result = await putPartner(db, request.body);
    // Its keys change what they may do: forget them here at once (other processes within seconds).
    if (result.ok) directory.forget();
    return replyWith(reply, result);
  });
}
