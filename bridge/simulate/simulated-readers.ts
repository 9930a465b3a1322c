import { CardError } from '../cards/card-channel';
import {
  type BackendState,
  type CardConnection,
  ChangeListeners,
  type ReaderBackend,
  type ReaderChange,
  type ReaderState,
} from '../readers/reader-backend';
import type { VirtualCard } from './vpcd-connection';

export type SimulatedCardKind = 'mynumber' | 'service';

export const SIMULATED_READER = 'MyKey 模擬リーダー / Simulated Reader';

/** One simulated citizen's cards: their My Number card and a service card (a library card). */
export type SimulatedCitizen = Record<SimulatedCardKind, VirtualCard>;

/**
 * One built-in reader, and the cards of a few simulated citizens to place on it, for machines
 * with no reader (and for the app's tests): `npm start` works anywhere. Cards are placed and
 * removed through the bridge protocol's simulate.* requests, as a person would tap them.
 */
export class SimulatedReaders implements ReaderBackend {
  readonly simulated = true;
  private placed: VirtualCard | undefined;
  private readonly listeners = new ChangeListeners();

  private readonly citizens: readonly SimulatedCitizen[];

  /** Citizen 1's cards, then any others' (citizen 2, 3, …). */
  constructor(first: SimulatedCitizen, others: readonly SimulatedCitizen[] = []) {
    this.citizens = [first, ...others];
  }

  /** How many citizens' cards this simulator holds. */
  get citizenCount(): number {
    return this.citizens.length;
  }

  state(): BackendState {
    return 'simulated';
  }

  readers(): ReaderState[] {
    return [{ name: SIMULATED_READER, atr: this.placed?.atr }];
  }

  onChange(listener: (change: ReaderChange) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Places one of citizen `citizen`'s cards (1-based); a citizen it does not hold is a bug. */
  place(kind: SimulatedCardKind, citizen = 1): void {
    const cards = this.citizens[citizen - 1];
    if (cards === undefined) throw new RangeError(`no simulated citizen ${citizen}`);
    this.placeCard(cards[kind]);
  }

  /** Any virtual card, e.g. one of many citizens' cards in a test. */
  placeCard(card: VirtualCard): void {
    if (this.placed !== undefined) this.remove();
    card.reset();
    this.placed = card;
    this.listeners.emit({ kind: 'card', reader: SIMULATED_READER, present: true, atr: card.atr });
  }

  remove(): void {
    if (this.placed === undefined) return;
    this.placed = undefined;
    this.listeners.emit({ kind: 'card', reader: SIMULATED_READER, present: false, atr: undefined });
  }

  async connect(readerName: string): Promise<CardConnection> {
    const card = this.placed;
    if (readerName !== SIMULATED_READER || card === undefined)
      throw new CardError('NO_CARD', 'no simulated card is placed');
    return {
      readerName,
      atr: card.atr,
      transmit: async (apdu) => {
        if (this.placed !== card) throw new CardError('CARD_REMOVED', 'the card was taken off');
        return card.transmit(apdu);
      },
      disconnect: async (reset) => {
        if (reset) card.reset();
      },
    };
  }

  async close(): Promise<void> {}
}
