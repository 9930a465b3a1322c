import { readLocalSetting, saveLocalSetting } from '../storage/local-settings';

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

/** A hand-over setting as stored, or '' (none, or storage refused: no hand-over is shown). */
export const readHandoverSetting = (key: HandoverSetting): string => readLocalSetting(key) ?? '';

export const saveHandoverSetting = (key: HandoverSetting, value: string): void =>
  saveLocalSetting(key, value);
