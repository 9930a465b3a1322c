import type { ServiceCardSource } from './card-source';

interface NdefReadingEvent extends Event {
  serialNumber: string;
}
interface NdefReader extends EventTarget {
  scan(options?: { signal?: AbortSignal }): Promise<void>;
}
declare global {
  interface Window {
    NDEFReader?: new () => NdefReader;
  }
}

export const webNfcAvailable = () =>
  typeof window !== 'undefined' && window.NDEFReader !== undefined;

/** "04:a1:b2:c3" as WebNFC gives it → "04A1B2C3", as the bridge's readers give a UID. */
export function serialToUid(serial: string): string {
  return serial.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

/**
 * WebNFC (Chrome on Android): the tablet's own NFC reads a service card's serial number, with
 * no bridge. Scanning needs a user gesture the first time (the 【読取】 button).
 */
export function webNfcCardSource(): ServiceCardSource {
  return {
    kind: 'webnfc',
    read: ({ waitMs }) =>
      new Promise((resolve) => {
        const Reader = window.NDEFReader;
        if (Reader === undefined) return resolve({ ok: false, code: 'NO_READER' });
        const reader = new Reader();
        const stop = new AbortController();
        const timer = setTimeout(() => {
          stop.abort();
          resolve({ ok: false, code: 'TIMEOUT' });
        }, waitMs);
        reader.addEventListener('reading', (event) => {
          clearTimeout(timer);
          stop.abort();
          const uid = serialToUid((event as NdefReadingEvent).serialNumber);
          resolve(
            uid === ''
              ? { ok: false, code: 'CARD_ERROR' }
              : { ok: true, serviceId: uid, source: 'webnfc' },
          );
        });
        reader.scan({ signal: stop.signal }).catch(() => {
          clearTimeout(timer);
          resolve({ ok: false, code: 'NO_READER' });
        });
      }),
  };
}
