import { JPKI_AP, SHA256_DIGEST_INFO_PREFIX } from './allowlist';
import { command, fromHex } from './apdu';

/** The JPKI commands the bridge sends, as DOMAIN.md (Card facts) gives them. */
export const SELECT_JPKI_AP = command([0x00, 0xa4, 0x04, 0x0c], fromHex(JPKI_AP));

export const selectEf = (fid: string) => command([0x00, 0xa4, 0x02, 0x0c], fromHex(fid));

/** READ BINARY at a 15-bit offset; Le 0 asks for 256 bytes. */
export const readBinary = (offset: number, le: number) =>
  command([0x00, 0xb0, (offset >> 8) & 0x7f, offset & 0xff], undefined, le & 0xff);

export const getResponse = (le: number) => command([0x00, 0xc0, 0x00, 0x00], undefined, le & 0xff);

/** VERIFY on the selected PIN EF: with 4 ASCII digits, or with none to learn the tries left (63Cx). */
export const verifyAuthPin = (pin?: string) =>
  command([0x00, 0x20, 0x00, 0x80], pin === undefined ? undefined : new TextEncoder().encode(pin));

/** COMPUTE DIGITAL SIGNATURE with the selected key over the DigestInfo of a SHA-256 digest. */
export const signSha256 = (sha256: Uint8Array) =>
  command(
    [0x80, 0x2a, 0x00, 0x80],
    Uint8Array.from([...fromHex(SHA256_DIGEST_INFO_PREFIX), ...sha256]),
    0,
  );

/** The reader's GET DATA for a contactless card's UID / FeliCa IDm (PC/SC part 3). */
export const GET_UID = command([0xff, 0xca, 0x00, 0x00], undefined, 0);
