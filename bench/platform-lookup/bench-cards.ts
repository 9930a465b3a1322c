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
  /** DER, base64, of the card for benchMyKeyId(1 + i × stride). */
  certificates: string[];
  /** 1: the first My Key IDs; more spreads the cards over a large table (bench/links-scale). */
  stride?: number;
}

const cardMyKeyId = (i: number, stride: number) => benchMyKeyId(1 + i * stride);

export const CARD_POOL = Number(process.env.BENCH_CARDS ?? 200);

export async function makeBenchCards(
  count = CARD_POOL,
  stride = 1,
): Promise<{ file: string; cards: BenchCards }> {
  const ca = await createTestCa();
  const certificates: string[] = [];
  for (let i = 0; i < count; i += 1)
    certificates.push(
      (await ca.issue({ cn: `${cardMyKeyId(i, stride)}${randomString(9)}` })).base64,
    );
  const cards = { caPem: ca.certificate.toString('pem'), certificates, stride };
  const file = join(tmpdir(), `mykey-bench-cards-${process.pid}-${stride}.json`);
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
      [cardMyKeyId(i, cards.stride ?? 1), parsed.identity.issuer, parsed.identity.serial],
    );
  }
}
