/**
 * A small setting of this device (the screen language, the business system's address) in
 * localStorage. The browser may refuse storage to the page (Chromium does to a frame embedded by
 * another site when third-party storage is blocked): then nothing is kept and nothing fails; the
 * storage notice already tells staff why.
 */
export function readLocalSetting(key: string): string | undefined {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveLocalSetting(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Refused storage: the setting lasts as long as the page.
  }
}
