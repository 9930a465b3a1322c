import { useState } from 'preact/hooks';
import { lookUp } from '../state/reception';
import type { ReceptionState } from '../state/store';
import { ui } from './messages';
import { NoticeLine } from './NoticeLine';
import { SimulatedCards } from './SimulatedCards';

/** Where the service ID goes next: the desk's own system. Set in Setup (kept in localStorage). */
export const HANDOVER_URL_TEMPLATE = 'mykey-handover-url-template';
export const HANDOVER_PARENT_ORIGIN = 'mykey-handover-parent-origin';

/** 照会: tap the My Number card → this service's service ID → hand it to the business system. */
export function LookupScreen({ state }: { state: ReceptionState }) {
  const { language, lookup } = state;
  const [copied, setCopied] = useState(false);
  const template = localStorage.getItem(HANDOVER_URL_TEMPLATE) ?? '';
  const parentOrigin = localStorage.getItem(HANDOVER_PARENT_ORIGIN) ?? '';
  const serviceId = lookup.serviceId;
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
      {serviceId !== undefined && (
        <div class="handover">
          <output class="service-id" data-testid="lookup-service-id">
            {serviceId}
          </output>
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard?.writeText(serviceId).then(() => setCopied(true))
            }
          >
            {copied ? ui('copied', language) : ui('copy', language)}
          </button>
          {template !== '' && (
            <a
              class="button"
              href={template.replace('{serviceId}', encodeURIComponent(serviceId))}
              target="_blank"
              rel="noopener"
            >
              {ui('openSystem', language)}
            </a>
          )}
          {parentOrigin !== '' && window.parent !== window && (
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
      <SimulatedCards state={state} language={language} />
    </section>
  );
}
