import { useState } from 'preact/hooks';
import {
  HANDOVER_PARENT_ORIGIN,
  HANDOVER_URL_TEMPLATE,
  handoverOrigin,
  handoverUrl,
  readHandoverSetting,
} from '../handover/handover';
import { ui } from '../sentences/messages';
import type { ReceptionState } from '../store/store';
import { useReception } from '../store/use-reception';
import { NoticeLine } from '../widgets/NoticeLine';
import { SimulatedCards } from '../widgets/SimulatedCards';
import { CancelRead } from './CancelRead';
import { lookUp } from './lookup';

const selectPart = (s: ReceptionState) => ({
  language: s.language,
  lookup: s.lookup,
  serviceCode: s.serviceCode,
  services: s.services,
  bridge: s.bridge,
});
/** What this screen shows of the store: it renders again when that changes, and only then. */
type Shown = ReturnType<typeof selectPart>;

/** 照会: tap the My Number card → this service's service ID → hand it to the business system. */
export function LookupScreen() {
  const state: Shown = useReception(selectPart);
  const { language, lookup } = state;
  // Which ID the last copy was of: a new citizen's ID never shows the previous one's コピーしました.
  const [copy, setCopy] = useState<{ serviceId: string; ok: boolean } | undefined>();
  const serviceId = lookup.serviceId;
  const pageUrl =
    serviceId === undefined
      ? undefined
      : handoverUrl(readHandoverSetting(HANDOVER_URL_TEMPLATE), serviceId);
  const parentOrigin = handoverOrigin(readHandoverSetting(HANDOVER_PARENT_ORIGIN));
  const copyShown = copy !== undefined && copy.serviceId === serviceId ? copy : undefined;
  return (
    <section class="lookup" aria-labelledby="lookup-title">
      <h2 id="lookup-title">{ui('tabLookup', language)}</h2>
      <button
        type="button"
        class="big primary"
        disabled={lookup.busy}
        onClick={() => void lookUp()}
      >
        {ui('read', language)}
      </button>
      <NoticeLine notice={lookup.notice} language={language} />
      <CancelRead busy={lookup.busy} language={language} />
      {serviceId !== undefined && (
        <div class="handover">
          <output class="service-id" data-testid="lookup-service-id">
            {serviceId}
          </output>
          <button
            type="button"
            onClick={() =>
              void (navigator.clipboard?.writeText(serviceId) ?? Promise.reject()).then(
                () => setCopy({ serviceId, ok: true }),
                () => setCopy({ serviceId, ok: false }),
              )
            }
          >
            {copyShown?.ok ? ui('copied', language) : ui('copy', language)}
          </button>
          {pageUrl !== undefined && (
            <a class="button" href={pageUrl} target="_blank" rel="noopener noreferrer">
              {ui('openSystem', language)}
            </a>
          )}
          {parentOrigin !== undefined && window.parent !== window && (
            <button
              type="button"
              onClick={() =>
                window.parent.postMessage(
                  { type: 'mykey.serviceId', serviceCode: state.serviceCode, serviceId },
                  parentOrigin,
                )
              }
            >
              {ui('sendToParent', language)}
            </button>
          )}
        </div>
      )}
      {copyShown?.ok === false && (
        <p class="notice error" role="alert">
          {ui('copyFailed', language)}
        </p>
      )}
      <SimulatedCards state={state} language={language} />
    </section>
  );
}
