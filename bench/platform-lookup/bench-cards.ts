import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCa, randomString } from '../../bridge/simulate/jpki-like-ca';
import { parseAuthCertificate } from '../../core/certificates/auth-certificate';
import type { Database } from '../../platform/store/database';
import { benchMyKeyId } from './load-links';

/**
 * A lookup sends the card's certificate (the 2024 rules), so the benchmarks tap real ones: a pool
 * of certificates from a bench JPKI-like CA, bound to the first My Key IDs of the loaded links.
 * The load generator makes them and hands them to the servers through a file.
 */
export interface BenchCards {
  caPem: string;
  /** DER, base64, of the card for benchMyKeyId(i + 1). */
  certificates: string[];
}

export const CARD_POOL = Number(process.env.BENCH_CARDS ?? 200);

export async function makeBenchCards(
  count = CARD_POOL,
): Promise<{ file: string; cards: BenchCards }> {
  const ca = await createTestCa();
  const certificates: string[] = [];
  for (let i = 1; i <= count; i += 1)
    certificates.push((await ca.issue({ cn: `${benchMyKeyId(i)}${randomString(9)}` })).base64);
  const cards = { caPem: ca.certificate.toString('pem'), certificates };
  const file = join(tmpdir(), `mykey-bench-cards-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(cards));
  return { file, cards };
}

/** In a server, once: bind each card to its My Key ID (the server trusts the bench CA itself). */
export async function bindBenchCards(db: Database, file: string): Promise<void> {
  const cards = JSON.parse(readFileSync(file, 'utf8')) as BenchCards;
  for (const [i, certificate] of cards.certificates.entries()) {
    const parsed = parseAuthCertificate(certificate);
    if (!parsed.ok) throw new Error(parsed.reason);
    await db.query(
      'UPDATE my_keys SET certificate_issuer = $2, certificate_serial = $3 WHERE my_key_id = $1',
      [benchMyKeyId(i + 1), parsed.identity.issuer, parsed.identity.serial],
    );
  }
}
