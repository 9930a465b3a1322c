/**
 * How personal identifiers are shown on a screen others may see (queue lists, logs of the
 * terminal): the first two and last two characters, the rest as ＊, enough for staff to tell two
 * entries apart, not enough to use one.
 */
export function maskIdentifier(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 4)}${chars.slice(-2).join('')}`;
}
