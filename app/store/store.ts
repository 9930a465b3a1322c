import { createStore } from 'zustand/vanilla';
import type { Service } from '../../core/api/catalogue';
import type { LinkProof } from '../../core/api/links';
import type { TerminalProgramme } from '../../core/api/points-counter';
import type { ReaderInfo } from '../../core/bridge/protocol';
import type { Language } from '../../core/error-messages';
import type { BridgeLinkState, ReaderRoles } from '../devices/bridge-link';
import type { LoopbackPermission } from '../devices/loopback-permission';
import type { OutboxStatus } from '../outbox/outbox';
import type { SenderState } from '../outbox/sender';
import type { PointsState } from '../points/points-slice';
import type { Notice } from './notice';

export type Screen = 'register' | 'lookup' | 'points' | 'analytics' | 'queue' | 'setup';

export { type Notice, readFailed, type UiKey } from './notice';

export interface RegistrationState {
  step: 1 | 2 | 3 | 'done';
  myKeyId?: string;
  /**
   * Step ① of a service that asks for the PIN: the card was read and the pad is turned to the
   * holder (tries left shown first; `wrong` after a wrong PIN). The certificate stays in memory
   * until the card signs.
   */
  pin?: { triesLeft: number; wrong: boolean; certificate: string } | undefined;
  /** The card's signature over this terminal's statement, and the operation id it names. */
  proof?: LinkProof | undefined;
  serviceId?: string;
  busy: boolean;
  notice?: Notice;
  /** The queued operation this screen waits to hear about. */
  operationId?: string;
}

export interface LookupState {
  busy: boolean;
  serviceId?: string;
  notice?: Notice;
}

/**
 * The app's IndexedDB: `opening` at start, `slow` when that takes unusually long (a browser whose
 * storage is wedged), `failed` when it cannot be opened at all (storage disabled or broken).
 */
export type StorageState = 'opening' | 'slow' | 'open' | 'failed';

/** What the last call to the platform showed: unknown until the first one. */
export type PlatformReach = 'unknown' | 'reachable' | 'unreachable';

export interface ReceptionState {
  language: Language;
  platform: PlatformReach;
  storage: StorageState;
  screen: Screen;
  terminalId?: string;
  services: Service[];
  serviceCode?: string;
  /** The points programmes this terminal's provider takes part in (none: no ポイント screen). */
  programmes: TerminalProgramme[];
  points: PointsState;
  bridge: BridgeLinkState;
  /** Whether the browser lets this page reach the bridge on loopback (Local Network Access). */
  bridgePermission: LoopbackPermission;
  /** The port the card bridge is dialled on. */
  bridgePort?: number;
  readers: ReaderInfo[];
  /** Which reader serves which card (端末設定), kept with the terminal. */
  readerRoles: ReaderRoles;
  online: boolean;
  persisted?: boolean;
  queue: OutboxStatus;
  sender: SenderState;
  registration: RegistrationState;
  lookup: LookupState;
  setupNotice?: Notice;
  updateReady: boolean;
}

export const initialRegistration: RegistrationState = { step: 1, busy: false };

/** The queue before the outbox has been read: nothing waits, nothing was refused. */
export const emptyQueue: OutboxStatus = {
  pending: 0,
  oldestCreatedAt: undefined,
  lastSyncAt: undefined,
  waiting: [],
  rejected: [],
};

/** The screen's state; the actions that change it live in the other modules of app/state/. */
export const store = createStore<ReceptionState>(() => ({
  language: 'ja',
  platform: 'unknown',
  bridgePermission: 'unknown',
  storage: 'opening',
  screen: 'register',
  services: [],
  programmes: [],
  points: { busy: false },
  bridge: { kind: 'connecting' },
  readers: [],
  readerRoles: {},
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  queue: emptyQueue,
  sender: { kind: 'idle' },
  registration: initialRegistration,
  lookup: { busy: false },
  updateReady: false,
}));

export const patch = (partial: Partial<ReceptionState>) => store.setState(partial);
export const patchRegistration = (partial: Partial<RegistrationState>) =>
  store.setState((s) => ({ registration: { ...s.registration, ...partial } }));
