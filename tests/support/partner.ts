import type { Partner } from '../../core/api/partners';
import type { TestPlatform } from './platform-harness';
import type { TerminalClient } from './terminal-client';

/**
 * The card company ＸＸカード (card1) made a partner by the operator through the admin API, as the
 * tests' partner: its provider, its ID連携 service (A-card1-0001) and the conversion rules given;
 * then its server's key, enrolled as a terminal's. Returns the PUT's answer and the key's client.
 */
export async function makeCardPartner(
  platform: TestPlatform,
  rules: Omit<Partner, 'providerCode' | 'serviceCode'>,
): Promise<{ put: { status: number; body: unknown }; card: TerminalClient }> {
  await platform.admin('POST', '/v1/admin/providers', {
    code: 'card1',
    municipalityCode: 'A',
    name: 'ＸＸカード',
  });
  await platform.admin('POST', '/v1/admin/services', {
    code: 'A-card1-0001',
    providerCode: 'card1',
    name: 'ＸＸカード会員',
  });
  const put = await platform.admin('PUT', '/v1/admin/partners/card1', {
    providerCode: 'card1',
    serviceCode: 'A-card1-0001',
    ...rules,
  });
  return { put, card: await platform.terminal('card1') };
}
