import type { Logger } from 'pino';
import { japanDay } from '../../core/points/japan-day';
import { keepCrlsFresh, sourceForLog } from '../certificates/crl-sources';
import { forgetUsedLinkProofs } from '../certificates/link-proof';
import type { TrustAnchors } from '../certificates/trust-anchors';
import { purgeExpiredChallenges } from '../domain/challenges';
import { forgetEndedGuessWindows } from '../domain/guess-limits';
import { pointsJobs } from '../domain/points/jobs';
import type { Database } from '../store/database';
import { forgetEndedHolderSessions } from '../use-cases/holder-sessions';
import { purgeOldOperations } from '../use-cases/sync';
import type { PlatformConfig } from './config';

const HOUR_MS = 60 * 60 * 1000;

/**
 * The platform's housekeeping: the hourly purges and points jobs, and the CRL refresh. One process
 * of a fleet runs them (the primary); each is safe to run beside the API. Returns the stop.
 */
export function startJobs(
  db: Database,
  config: PlatformConfig,
  anchors: TrustAnchors,
  logger: Logger,
): () => void {
  let running: Promise<unknown> | undefined;
  // One run at a time: a long first compaction must not meet the next hour's.
  const purge = () => {
    running ??= Promise.all([
      purgeOldOperations(db, config.operationRetentionDays),
      purgeExpiredChallenges(db),
      forgetUsedLinkProofs(db),
      forgetEndedHolderSessions(db),
      // Tries purge these every minute too; this clears the last windows when no try comes.
      forgetEndedGuessWindows(db),
      pointsJobs(db, japanDay()),
    ]).finally(() => {
      running = undefined;
    });
    return running.catch((error: Error) => logger.error({ errorType: error.name }, 'purge failed'));
  };
  // In the background from the start: a first compaction of a long backlog must not hold up the API.
  void purge();
  const purgeTimer = setInterval(() => void purge(), HOUR_MS);
  purgeTimer.unref();
  const stopCrlRefresh = keepCrlsFresh(
    db,
    anchors,
    config.crlSources,
    config.crlRefreshMinutes,
    (results) => {
      for (const r of results) {
        const source = sourceForLog(r.source);
        if (r.outcome === 'loaded')
          logger.info({ source, issuer: r.crl.issuer, entries: r.crl.entries }, 'CRL loaded');
        else logger.warn({ source, code: r.code, reason: r.reason }, 'CRL not loaded');
      }
    },
  );
  return () => {
    clearInterval(purgeTimer);
    stopCrlRefresh();
  };
}
