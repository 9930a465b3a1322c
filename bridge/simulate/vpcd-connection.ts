import { createConnection, type Socket } from 'node:net';

/** A card that answers APDUs: the virtual JPKI card, or a service card. */
export interface VirtualCard {
  atr: Uint8Array;
  transmit(apdu: Uint8Array): Uint8Array;
  reset(): void;
}

// vpcd's control messages (vsmartcard, vpcd.h): one byte after the 2-byte length.
const POWER_OFF = 0;
const POWER_ON = 1;
const RESET = 2;
const GET_ATR = 4;

/**
 * Puts a virtual card into Debian's vpcd reader: pcscd's vpcd driver listens on 127.0.0.1:35963
 * and the card connects to it. Every message is a 2-byte big-endian length and a payload; a
 * one-byte payload is a control message, anything longer an APDU to answer.
 */
export class VpcdConnection {
  private socket: Socket | undefined;
  private buffer = Buffer.alloc(0);

  constructor(
    private readonly card: VirtualCard,
    private readonly port = 35963,
    private readonly host = '127.0.0.1',
  ) {}

  /** Inserts the card: resolves once pcscd's driver has accepted the connection. */
  insert(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ port: this.port, host: this.host }, () => resolve());
      socket.setNoDelay(true);
      socket.once('error', reject);
      socket.on('data', (chunk) => this.receive(chunk));
      this.socket = socket;
    });
  }

  /** Removes the card from the reader (the driver sees the connection close). */
  remove(): Promise<void> {
    return new Promise((resolve) => {
      const socket = this.socket;
      this.socket = undefined;
      if (socket === undefined || socket.destroyed) return resolve();
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 2) {
      const length = this.buffer.readUInt16BE(0);
      if (this.buffer.length < 2 + length) return;
      const message = this.buffer.subarray(2, 2 + length);
      this.buffer = this.buffer.subarray(2 + length);
      this.handle(new Uint8Array(message));
    }
  }

  private handle(message: Uint8Array): void {
    if (message.length === 1) {
      const control = message[0];
      if (control === POWER_OFF || control === POWER_ON || control === RESET) this.card.reset();
      if (control === GET_ATR) this.send(this.card.atr);
      return;
    }
    this.send(this.card.transmit(message));
  }

  private send(payload: Uint8Array): void {
    const header = Buffer.alloc(2);
    header.writeUInt16BE(payload.length);
    this.socket?.write(Buffer.concat([header, Buffer.from(payload)]));
  }
}
