/**
 * Where a looked-up service ID goes next: the desk's own business system. Staff set both in 端末設定
 * (kept in localStorage); nothing is used unless it is a plain http(s) address, so a mistyped or
 * pasted `javascript:` template cannot become a link on the counter's screen.
 */
export const HANDOVER_URL_TEMPLATE = 'mykey-handover-url-template';
export const HANDOVER_PARENT_ORIGIN = 'mykey-handover-parent-origin';
export const SERVICE_ID_PLACEHOLDER = '{serviceId}';

const isWeb = (url: URL) => url.protocol === 'https:' || url.protocol === 'http:';

/** The business system's page for this service ID, or undefined when the template is unusable. */
export function handoverUrl(template: string, serviceId: string): string | undefined {
  if (!template.includes(SERVICE_ID_PLACEHOLDER)) return undefined;
  try {
    const url = new URL(template.replaceAll(SERVICE_ID_PLACEHOLDER, encodeURIComponent(serviceId)));
    return isWeb(url) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The embedding page's origin as staff typed it (scheme, host, port only), or undefined. */
export function handoverOrigin(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    if (!isWeb(url)) return undefined;
    return text.trim().replace(/\/$/, '') === url.origin ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

type HandoverSetting = typeof HANDOVER_URL_TEMPLATE | typeof HANDOVER_PARENT_ORIGIN;

/**
 * A setting as stored, or '' when there is none or the browser refuses storage to this page (as
 * Chromium does to a frame embedded by another site when third-party storage is blocked): the
 * screen then shows no hand-over, instead of failing to draw.
 */
export function readHandoverSetting(key: HandoverSetting): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

export function saveHandoverSetting(key: HandoverSetting, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Refused storage is already reported by the storage notice; the field keeps its text.
  }
}
