import { ADMIN_API } from '../../../core/api/routes/admin';
import {
  createMunicipality,
  createProvider,
  createService,
  readCatalogue,
  setLinkNeedsPin,
} from '../../domain/catalogue';
import { readStats } from '../../domain/stats';
import type { Database } from '../../store/database';
import type { TerminalDirectory } from '../auth/terminal-directory';
import { replyWith } from '../errors';
import type { Serve } from '../serve';

/** Operators: the catalogue (自治体, 事業者, サービス) and its counts. */
export function serveCatalogueAdmin(serve: Serve, db: Database, directory: TerminalDirectory) {
  serve(ADMIN_API.catalogue, () => readCatalogue(db));
  serve(ADMIN_API.stats, () => readStats(db));
  serve(ADMIN_API.createMunicipality, async (request, reply) =>
    replyWith(reply, await createMunicipality(db, request.body), 201),
  );
  serve(ADMIN_API.createProvider, async (request, reply) =>
    replyWith(reply, await createProvider(db, request.body), 201),
  );
  serve(ADMIN_API.createService, async (request, reply) => {
    const result = await createService(db, request.body);
    // A provider's terminals may now use it: forget what they were allowed.
    if (result.ok) directory.forget();
    return replyWith(reply, result, 201);
  });
  serve(ADMIN_API.setLinkNeedsPin, async (request, reply) =>
    replyWith(reply, await setLinkNeedsPin(db, request.params.code, request.body.linkNeedsPin)),
  );
}
