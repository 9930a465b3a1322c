import type { Queryable } from '../../platform/store/database';

/**
 * Every row of every table, as text (its row_to_json), by table. A value stored in another
 * encoding is found too: row_to_json shows bytea as hex (`"\\x3746…"`), so each bytea value is
 * followed by its bytes read as UTF-8, and each text value that is base64 or base64url of
 * printable UTF-8 by that text (`"\\x3746… ⟨7F…⟩"`). The rows stay JSON with the same keys, and
 * the same table gives the same dump.
 */
export async function dumpTables(platform: { db: Queryable }): Promise<Map<string, string[]>> {
  const tables = await platform.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  const dump = new Map<string, string[]>();
  for (const { table_name } of tables) {
    const rows = await platform.db.query<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM "${table_name}" t ORDER BY 1`,
    );
    dump.set(
      table_name,
      rows.map((r) => withDecodings(r.row)),
    );
  }
  return dump;
}

/** A JSON text string's content, decoded, or undefined when it is no printable UTF-8. */
function printable(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
  return bytes.length === 0 || /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text) ? undefined : text;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Each JSON string of a row_to_json text with what it decodes to appended (bytea, base64). */
export function withDecodings(row: string): string {
  return row.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, content: string) => {
    let decoded: string | undefined;
    const hex = /^\\\\x((?:[0-9a-f]{2})*)$/.exec(content);
    if (hex !== null) decoded = printable(Buffer.from(hex[1] ?? '', 'hex'));
    else if (content.length >= 8 && (BASE64.test(content) || BASE64URL.test(content)))
      decoded = printable(Buffer.from(content, BASE64.test(content) ? 'base64' : 'base64url'));
    if (decoded === undefined) return whole;
    return `"${content} ⟨${JSON.stringify(decoded).slice(1, -1)}⟩"`;
  });
}

/**
 * The spellings a stored secret could take: each form given (the value as shown and its
 * normalised form, say), as text, as its UTF-8 bytes in hex (either case), base64 and base64url,
 * and any raw bytes it was made from, in the same encodings.
 */
export function encodingsOf(forms: string[], bytes: Uint8Array[] = []): string[] {
  const ofBytes = (b: Buffer) => [
    b.toString('hex'),
    b.toString('hex').toUpperCase(),
    b.toString('base64'),
    b.toString('base64url'),
  ];
  return [
    ...new Set([
      ...forms.flatMap((form) => [form, ...ofBytes(Buffer.from(form, 'utf8'))]),
      ...bytes.flatMap((b) => ofBytes(Buffer.from(b))),
    ]),
  ];
}

/** The tables whose rows hold any of the spellings. */
export function tablesHolding(dump: Map<string, string[]>, spellings: string[]): string[] {
  return [...dump]
    .filter(([, rows]) => rows.some((row) => spellings.some((s) => row.includes(s))))
    .map(([table]) => table);
}
