import type { StandingOptions } from '../../certificates/certificate-standing';
import type { Database } from '../../store/database';
import type { TerminalDirectory } from '../auth/terminal-directory';
import type { Serve } from '../serve';
import { serveCatalogueAdmin } from './admin-catalogue';
import { serveCertificateAdmin } from './admin-certificates';
import { servePointsAdmin } from './admin-points';
import { serveSettlementAdmin } from './admin-settlements';
import { serveTerminalAdmin } from './admin-terminals';

/** Every admin route (core/api/routes/admin*.ts, window.ts); each entry says which roles may call. */
export function serveAdmin(
  serve: Serve,
  db: Database,
  directory: TerminalDirectory,
  standing: StandingOptions,
  today: () => string,
): void {
  serveCatalogueAdmin(serve, db, directory);
  serveTerminalAdmin(serve, db, directory);
  serveCertificateAdmin(serve, db, standing);
  servePointsAdmin(serve, db, directory);
  serveSettlementAdmin(serve, db, today);
}
