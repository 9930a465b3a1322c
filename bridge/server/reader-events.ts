import type { BridgeEvent, ReaderInfo } from '../../core/bridge/protocol';
import { technologyFromAtr } from '../cards/card-technology';
import type { ReaderBackend, ReaderChange } from '../readers/reader-backend';

/** The readers as a page sees them: names, and for a card only its technology (never its ATR). */
export function readerInfos(backend: ReaderBackend): ReaderInfo[] {
  return backend
    .readers()
    .map((reader) =>
      reader.atr === undefined
        ? { name: reader.name, card: 'absent' }
        : { name: reader.name, card: 'present', technology: technologyFromAtr(reader.atr) },
    );
}

export function readersEvent(backend: ReaderBackend): BridgeEvent {
  return { event: 'readers', pcsc: backend.state(), readers: readerInfos(backend) };
}

/** What a page hears of a change at the readers. */
export function changeEvent(change: ReaderChange, backend: ReaderBackend): BridgeEvent {
  if (change.kind === 'readers') return readersEvent(backend);
  return {
    event: 'card',
    reader: change.reader,
    state: change.present ? 'present' : 'removed',
    ...(change.atr !== undefined ? { technology: technologyFromAtr(change.atr) } : {}),
  };
}
