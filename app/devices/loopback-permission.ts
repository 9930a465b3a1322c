/**
 * Chrome's Local Network Access (from Chrome 142 for fetch, 147 for WebSockets): a page from a public
 * origin (the platform's HTTPS address) reaches the bridge on the PC's loopback only after the user
 * allows it, once per site. The permission is `loopback-network` (Chromium 156; it was
 * `local-network-access` before). 'unknown' where the browser has neither: it asks nothing, or
 * cannot say. A page on a loopback origin itself (a developer's machine) needs no permission and
 * reads 'prompt'; only 'denied' says for sure that the bridge is blocked.
 */
export type LoopbackPermission = 'granted' | 'prompt' | 'denied' | 'unknown';

const NAMES = ['loopback-network', 'local-network-access'] as const;

/** The permission as it stands, and every change of it (staff change it in the site settings). */
export async function watchLoopbackPermission(
  onChange: (state: LoopbackPermission) => void,
): Promise<LoopbackPermission> {
  for (const name of NAMES) {
    let status: PermissionStatus;
    try {
      // Not in TypeScript's PermissionName yet: a name the browser does not know throws.
      status = await navigator.permissions.query({ name } as unknown as PermissionDescriptor);
    } catch {
      continue;
    }
    status.addEventListener('change', () => onChange(status.state));
    return status.state;
  }
  return 'unknown';
}
