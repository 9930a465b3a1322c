import { SERVICE_ID_PATTERN } from '../../core/catalogue-codes';
import type { BridgeErrorCode, ClientErrorCode } from '../../core/errors';
import type { BridgeLink } from './bridge-link';
import { codabarToServiceId } from './wedge-detector';

/** Where a service ID came from; the registration does not care, the queue screen may show it. */
export type CardSourceKind = 'bridge' | 'webnfc' | 'barcode' | 'wedge' | 'typed';

export type ServiceCardReading =
  | { ok: true; serviceId: string; source: CardSourceKind }
  | { ok: false; code: BridgeErrorCode | ClientErrorCode };

/**
 * One way of getting a service card's ID: the bridge's reader, WebNFC, a camera barcode reader,
 * a keyboard-wedge scanner or typed entry. The registration screen asks whichever is in use.
 */
export interface ServiceCardSource {
  readonly kind: CardSourceKind;
  read(options: { waitMs: number }): Promise<ServiceCardReading>;
}

/** The card bridge's reader, with the service's card profile when it has one. */
export function bridgeCardSource(link: BridgeLink, profile?: string): ServiceCardSource {
  return {
    kind: 'bridge',
    async read({ waitMs }) {
      const answer = await link.request('service.read', {
        waitMs,
        ...(profile !== undefined ? { profile } : {}),
      });
      if (!answer.ok) return { ok: false, code: answer.code };
      const serviceId = answer.result.serviceId ?? answer.result.uid;
      return { ok: true, serviceId, source: 'bridge' };
    },
  };
}

/** What staff type (or a keyboard-wedge scanner types) into the service ID field. */
export function typedCardSource(
  text: string,
  kind: 'typed' | 'wedge' = 'typed',
): ServiceCardSource {
  return {
    kind,
    async read() {
      // A scanner may send an NW-7 code with its start and stop characters.
      const serviceId = codabarToServiceId(text);
      return SERVICE_ID_PATTERN.test(serviceId)
        ? { ok: true, serviceId, source: kind }
        : { ok: false, code: 'VALIDATION_FAILED' };
    },
  };
}
