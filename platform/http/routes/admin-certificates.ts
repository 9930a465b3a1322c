import { ADMIN_API } from '../../../core/api/routes/admin';
import { WINDOW_API } from '../../../core/api/routes/window';
import type { StandingOptions } from '../../certificates/certificate-standing';
import { loadCrl } from '../../certificates/crl';
import type { Database } from '../../store/database';
import { finaliseReissued } from '../../use-cases/finalise';
import { applyRenewal } from '../../use-cases/renewals';
import { replyWith } from '../errors';
import type { Serve } from '../serve';

/** Certificates: 本登録 at the window, renewals, and the issuers' CRLs. */
export function serveCertificateAdmin(serve: Serve, db: Database, standing: StandingOptions) {
  serve(WINDOW_API.finaliseCustomMyKeyId, async (request, reply) =>
    replyWith(reply, await finaliseReissued(db, request.body.certificate, standing)),
  );
  serve(ADMIN_API.applyRenewal, async (request, reply) =>
    replyWith(reply, await applyRenewal(db, standing.anchors, request.body)),
  );
  serve(ADMIN_API.loadCrl, async (request, reply) =>
    replyWith(reply, await loadCrl(db, standing.anchors, request.body.crl)),
  );
}
