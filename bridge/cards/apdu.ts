/** ISO 7816-4 APDUs as the bridge uses them (short length only). */

export interface ResponseApdu {
  data: Uint8Array;
  /** Status word, e.g. 0x9000. */
  sw: number;
}

export const SW_OK = 0x9000;

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
}

export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^([0-9A-Fa-f]{2})*$/.test(clean)) throw new Error(`not hex: ${text}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

/** Splits a card's answer into data and status word; an answer shorter than 2 bytes is malformed. */
export function parseResponse(bytes: Uint8Array): ResponseApdu | undefined {
  if (bytes.length < 2) return undefined;
  const sw = ((bytes[bytes.length - 2] ?? 0) << 8) | (bytes[bytes.length - 1] ?? 0);
  return { data: bytes.slice(0, -2), sw };
}

export function command(
  header: [number, number, number, number],
  data?: Uint8Array,
  le?: number,
): Uint8Array {
  const parts: number[] = [...header];
  if (data !== undefined && data.length > 0) {
    if (data.length > 255) throw new Error('short APDUs carry at most 255 bytes');
    parts.push(data.length, ...data);
  }
  if (le !== undefined) parts.push(le & 0xff);
  return Uint8Array.from(parts);
}

/** The parts of a short command APDU (ISO 7816-3 cases 1–4), or undefined if malformed. */
export interface ParsedCommand {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Uint8Array;
  le: number | undefined;
}

export function parseCommand(bytes: Uint8Array): ParsedCommand | undefined {
  if (bytes.length < 4) return undefined;
  const [cla = 0, ins = 0, p1 = 0, p2 = 0] = bytes;
  const base = { cla, ins, p1, p2 };
  if (bytes.length === 4) return { ...base, data: new Uint8Array(), le: undefined };
  if (bytes.length === 5) return { ...base, data: new Uint8Array(), le: bytes[4] };
  const lc = bytes[4] ?? 0;
  // Lc = 0 would announce an extended-length APDU, which the bridge never sends.
  if (lc === 0) return undefined;
  if (bytes.length === 5 + lc) return { ...base, data: bytes.slice(5, 5 + lc), le: undefined };
  if (bytes.length === 6 + lc) return { ...base, data: bytes.slice(5, 5 + lc), le: bytes[5 + lc] };
  return undefined;
}
