// The parts of the `pcsclite` package the bridge uses (it ships no types).
declare module 'pcsclite' {
  import type { EventEmitter } from 'node:events';

  export interface ReaderStatus {
    state: number;
    atr?: Buffer;
  }

  export interface CardReader extends EventEmitter {
    name: string;
    SCARD_STATE_PRESENT: number;
    SCARD_STATE_EMPTY: number;
    SCARD_SHARE_SHARED: number;
    SCARD_LEAVE_CARD: number;
    SCARD_RESET_CARD: number;
    connect(
      options: { share_mode: number },
      callback: (error: Error | null, protocol: number) => void,
    ): void;
    transmit(
      data: Buffer,
      resLen: number,
      protocol: number,
      callback: (error: Error | null, data: Buffer) => void,
    ): void;
    disconnect(disposition: number, callback: (error: Error | null) => void): void;
    close(): void;
    on(event: 'status', listener: (status: ReaderStatus) => void): this;
    on(event: 'end', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
  }

  export interface PCSCLite extends EventEmitter {
    on(event: 'reader', listener: (reader: CardReader) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    close(): void;
  }

  export default function pcsclite(): PCSCLite;
}
