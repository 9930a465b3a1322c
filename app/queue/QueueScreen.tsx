import type { Language } from '../../core/error-messages';
import type { WaitingOperation } from '../outbox/outbox';
import { acknowledge, sendNow } from '../outbox/queue-state';
import { localeOf } from '../sentences/dates';
import { fill, sentenceFor, ui } from '../sentences/messages';
import type { RejectedOperation } from '../storage/reception-db';
import type { ReceptionState } from '../store/store';
import { useReception } from '../store/use-reception';

const when = (ms: number | undefined, language: 'ja' | 'en') =>
  ms === undefined ? ui('never', language) : new Date(ms).toLocaleString(localeOf(language));

/** One queued or refused operation, its IDs masked: a registration, or an award of points. */
function whatWaits(item: WaitingOperation | RejectedOperation, language: Language): string {
  if (item.kind === 'awardPoints') {
    const how =
      item.award.by === 'purchase'
        ? fill(ui('queuedAwardPurchase', language), { yen: item.award.yen.toLocaleString() })
        : fill(ui('queuedAwardActivity', language), { activity: item.award.activityCode });
    return `${item.masked.myKeyId} ${how} (${item.programmeCode})`;
  }
  return `${item.masked.myKeyId} → ${item.masked.serviceId} (${item.serviceCode})`;
}

const selectPart = (s: ReceptionState) => ({
  language: s.language,
  queue: s.queue,
  persisted: s.persisted,
  sender: s.sender,
});
/** What this screen shows of the store: it renders again when that changes, and only then. */
type Shown = ReturnType<typeof selectPart>;

/** 送信待ち: what waits, since when, the last good send, and refusals for staff to acknowledge. */
export function QueueScreen() {
  const state: Shown = useReception(selectPart);
  const { language, queue } = state;
  return (
    <section class="queue" aria-labelledby="queue-title">
      <h2 id="queue-title">{ui('tabQueue', language)}</h2>
      <dl>
        <dt>{ui('pending', language)}</dt>
        <dd data-testid="pending">{queue.pending}</dd>
        <dt>{ui('oldest', language)}</dt>
        <dd>{queue.pending > 0 ? when(queue.oldestCreatedAt, language) : '—'}</dd>
        <dt>{ui('lastSync', language)}</dt>
        <dd>{when(queue.lastSyncAt, language)}</dd>
      </dl>
      {state.sender.kind === 'stopped' && (
        <p class="notice error">{sentenceFor(state.sender.code, language)}</p>
      )}
      <button type="button" class="big" onClick={() => void sendNow()}>
        {ui('sendNow', language)}
      </button>
      <p>{ui(state.persisted ? 'persistGranted' : 'persistDenied', language)}</p>
      {queue.waiting.length > 0 && (
        <>
          <h3>{ui('waitingTitle', language)}</h3>
          <ul class="waiting" data-testid="waiting">
            {queue.waiting.map((w) => (
              <li key={w.operationId}>
                {whatWaits(w, language)} · {when(w.createdAt, language)}
              </li>
            ))}
          </ul>
          {queue.pending > queue.waiting.length && (
            <p>
              {ui('waitingMore', language).replace(
                '{n}',
                String(queue.pending - queue.waiting.length),
              )}
            </p>
          )}
        </>
      )}
      {queue.rejected.length > 0 && (
        <>
          <h3>{ui('rejectedTitle', language)}</h3>
          <ul class="rejected" data-testid="rejected">
            {queue.rejected.map((r) => (
              <li key={r.operationId}>
                <span>{whatWaits(r, language)}</span>
                <strong>{sentenceFor(r.code, language)}</strong>
                <button type="button" onClick={() => void acknowledge(r.operationId)}>
                  {ui('acknowledge', language)}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
