/**
 * CSV for the offices that open it in Excel: UTF-8 with a byte-order mark (without one, Excel in
 * Japanese reads it as Shift_JIS), CRLF line ends, fields quoted only when they must be. A text that
 * Excel would take for a formula (=, +, -, @ first) gets a leading apostrophe: a shop's name never
 * runs as one. Numbers are written as they are.
 */
export type CsvField = string | number | null;

function field(value: CsvField): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvOf(rows: readonly (readonly CsvField[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
