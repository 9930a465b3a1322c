const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Another spelling of the same bytes in the token's own alphabet, as Node reads base64url: the
 * last character's unused low bits changed, or (when the bytes fill every character) one more
 * character that makes no byte. The route's schema lets it through (issue 26, fault 1).
 */
export function secondSpelling(token: string): string {
  const bytes = Buffer.from(token, 'base64url');
  const last = BASE64URL.indexOf(token.charAt(token.length - 1));
  const spelt =
    bytes.length % 3 === 0 ? `${token}A` : `${token.slice(0, -1)}${BASE64URL.charAt(last ^ 1)}`;
  if (spelt === token || !Buffer.from(spelt, 'base64url').equals(bytes))
    throw new Error('not a second spelling of the same bytes');
  return spelt;
}
