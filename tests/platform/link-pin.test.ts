import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestCa, randomCn, randomString } from '../../bridge/simulate/jpki-like-ca';
import { parseAuthCertificate } from '../../core/certificates/auth-certificate';
import { forgetUsedLinkProofs } from '../../platform/certificates/link-proof';
import { databaseKinds } from '../support/databases';
import { linkProof } from '../support/platform-harness';
import { platformSuite } from '../support/platform-suite';

type Answer = { error?: { code: string }; outcome?: string; serviceId?: string };
type SyncAnswer = {
  results: Array<{
    operationId: string;
    status: string;
    outcome?: string;
    error?: { code: string };
  }>;
};
const LIBRARY = 'A-beta1-0001';
const POINT_CARD = 'A-a1-0001';
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

// The 2024 rules: the library asks for the holder's PIN when a card is first linked (the card
// signs the terminal's statement); the shopping street's point card links with a tap. A tap at
// the desk sends the certificate, and an expired or revoked card gets no service ID.
describe.each(databaseKinds())(
  'linking with the holder’s PIN, and lookups that check the card, on %s',
  (kind) => {
    const {
      platform,
      ca,
      terminals: { shop, library, otherLibrary },
      registeredCard,
    } = platformSuite(kind, { shop: 'a1', library: 'beta1', otherLibrary: 'beta1' });

    /** The shop's point card, linked with a tap (no proof). */
    const linkPointCard = (myKeyId: string) =>
      shop.post<Answer>('/v1/terminal/links', {
        myKeyId,
        serviceCode: POINT_CARD,
        serviceId: randomString(10),
      });

    /** A library registration in a batch with the proof `proofFor` makes for its operation id. */
    const batchRefusal = async (
      myKeyId: string,
      proofFor: (operationId: string) => Promise<unknown>,
    ) => {
      const operationId = randomUUID();
      const answer = await sync(library, [
        {
          kind: 'registerLink',
          operationId,
          myKeyId,
          serviceCode: LIBRARY,
          serviceId: randomString(10),
          proof: await proofFor(operationId),
        },
      ]);
      return answer.body.results[0]?.error?.code;
    };

    const sync = (terminal: typeof library, operations: unknown[]) =>
      terminal.post<SyncAnswer>('/v1/terminal/sync', { operations });

    it('tells each terminal which of its services ask for the PIN', async () => {
      const services = async (terminal: typeof library) =>
        (
          await terminal.request<{ services: { code: string; linkNeedsPin: boolean }[] }>(
            'GET',
            '/v1/terminal/services',
          )
        ).body.services;
      expect(await services(library)).toEqual([
        expect.objectContaining({ code: LIBRARY, linkNeedsPin: true }),
      ]);
      expect(await services(shop)).toEqual([
        expect.objectContaining({ code: POINT_CARD, linkNeedsPin: false }),
      ]);
    });

    it('refuses a library link without the PIN (LINK_NEEDS_PIN) and makes it with the card’s proof', async () => {
      const { myKeyId, cert } = await registeredCard(library);
      const link = { myKeyId, serviceCode: LIBRARY, serviceId: randomString(10) };
      const bare = await library.post<Answer>('/v1/terminal/links', link);
      expect([bare.status, bare.body.error?.code]).toEqual([403, 'LINK_NEEDS_PIN']);
      const proven = await library.post<Answer>('/v1/terminal/links', {
        ...link,
        proof: await linkProof(library, cert, LIBRARY),
      });
      expect(proven.body).toEqual({ outcome: 'registered' });
      // The point card's operator turned the PIN off: a tap is enough there.
      expect((await linkPointCard(myKeyId)).body).toEqual({ outcome: 'registered' });
    });

    it('takes an offline registration with its proof from a batch, checks it there, and applies it once', async () => {
      // A card issued last year (a certificate cannot sign before its first day).
      const { myKeyId, cert } = await registeredCard(library, { notBefore: hoursAgo(24 * 365) });
      const operationId = randomUUID();
      const operation = {
        kind: 'registerLink',
        operationId,
        myKeyId,
        serviceCode: LIBRARY,
        serviceId: randomString(10),
        // Signed at the counter 71 hours ago, while the library was offline.
        proof: await linkProof(library, cert, LIBRARY, {
          nonce: operationId,
          madeAt: hoursAgo(71),
        }),
      };
      const first = await sync(library, [operation]);
      expect(first.body.results).toEqual([
        { operationId, status: 'applied', outcome: 'registered' },
      ]);
      // The terminal did not hear the answer and sends the batch again: the same result, once.
      const again = await sync(library, [operation]);
      expect(again.body.results).toEqual(first.body.results);
    });

    it('refuses a proof older than 72 hours, or from a clock far ahead (LINK_PROOF_TOO_OLD)', async () => {
      const { myKeyId, cert } = await registeredCard(library);
      const results = [];
      for (const madeAt of [hoursAgo(73), hoursAgo(-1)])
        results.push(
          await batchRefusal(myKeyId, (nonce) =>
            linkProof(library, cert, LIBRARY, { nonce, madeAt }),
          ),
        );
      expect(results).toEqual(['LINK_PROOF_TOO_OLD', 'LINK_PROOF_TOO_OLD']);
    });

    it('refuses a proof used before, under any operation (LINK_PROOF_REPLAYED)', async () => {
      const { myKeyId, cert } = await registeredCard(library);
      const operationId = randomUUID();
      const proof = await linkProof(library, cert, LIBRARY, { nonce: operationId });
      const link = { kind: 'registerLink', myKeyId, serviceCode: LIBRARY, proof };
      await sync(library, [{ ...link, operationId, serviceId: randomString(10) }]);
      const replayed = await sync(library, [
        { ...link, operationId: randomUUID(), serviceId: randomString(10) },
      ]);
      expect(replayed.body.results[0]?.error?.code).toBe('LINK_PROOF_REPLAYED');
      const online = await library.post<Answer>('/v1/terminal/links', {
        myKeyId,
        serviceCode: LIBRARY,
        serviceId: randomString(10),
        proof,
      });
      expect([online.status, online.body.error?.code]).toEqual([403, 'LINK_PROOF_REPLAYED']);
    });

    it('refuses a proof that is not for this operation, terminal or service (HOLDER_SIGNATURE_INVALID)', async () => {
      const { myKeyId, cert } = await registeredCard(library);
      const codes = [];
      // Made for another registration, at the other desk, for the point card.
      for (const make of [
        () => linkProof(library, cert, LIBRARY, { nonce: randomUUID() }),
        (nonce: string) => linkProof(otherLibrary, cert, LIBRARY, { nonce }),
        (nonce: string) => linkProof(library, cert, POINT_CARD, { nonce }),
      ])
        codes.push(await batchRefusal(myKeyId, make));
      expect(codes).toEqual(Array(3).fill('HOLDER_SIGNATURE_INVALID'));
    });

    it('refuses a proof made by another person’s card (LINK_PROOF_NOT_THIS_CARD)', async () => {
      const holder = await registeredCard(library);
      const stranger = await registeredCard(library);
      const answer = await library.post<Answer>('/v1/terminal/links', {
        myKeyId: holder.myKeyId,
        serviceCode: LIBRARY,
        serviceId: randomString(10),
        proof: await linkProof(library, stranger.cert, LIBRARY),
      });
      expect([answer.status, answer.body.error?.code]).toEqual([403, 'LINK_PROOF_NOT_THIS_CARD']);
    });

    it('refuses a revoked card’s proof and its lookups, with their own codes', async () => {
      const { myKeyId, cert } = await registeredCard(library);
      await library.post('/v1/terminal/links', {
        myKeyId,
        serviceCode: LIBRARY,
        serviceId: randomString(10),
        proof: await linkProof(library, cert, LIBRARY),
      });
      const lookup = { certificate: cert.base64, serviceCode: LIBRARY };
      expect((await library.post<Answer>('/v1/terminal/lookup', lookup)).status).toBe(200);
      const loaded = await platform.admin('POST', '/v1/admin/crls', {
        crl: await ca.issueCrl({ revoked: [cert.serial] }),
      });
      expect(loaded.status).toBe(200);
      const refused = await library.post<Answer>('/v1/terminal/lookup', lookup);
      expect([refused.status, refused.body.error?.code]).toEqual([403, 'CERTIFICATE_REVOKED']);
      const link = await library.post<Answer>('/v1/terminal/links', {
        myKeyId,
        serviceCode: LIBRARY,
        serviceId: randomString(10),
        proof: await linkProof(library, cert, LIBRARY),
      });
      expect(link.body.error?.code).toBe('CERTIFICATE_REVOKED');
      // Everyone else's card still answers.
      const other = await registeredCard(shop);
      await shop.post('/v1/terminal/links', {
        myKeyId: other.myKeyId,
        serviceCode: POINT_CARD,
        serviceId: randomString(10),
      });
      const fine = await shop.post<Answer>('/v1/terminal/lookup', {
        certificate: other.cert.base64,
        serviceCode: POINT_CARD,
      });
      expect(fine.status).toBe(200);
    });

    it('refuses a lookup with a card that has expired since it was linked (CERTIFICATE_EXPIRED)', async () => {
      // A card registered and linked while valid, which has since passed its last day.
      const cert = await ca.issue({
        cn: randomCn(),
        notBefore: new Date(Date.now() - 5 * 365 * 86_400_000),
        notAfter: new Date(Date.now() - 86_400_000),
      });
      const parsed = parseAuthCertificate(cert.base64);
      if (!parsed.ok) throw new Error(parsed.reason);
      const { issuer, serial, cn } = parsed.identity;
      await platform.db.query(
        `INSERT INTO my_keys (my_key_id, kind, certificate_issuer, certificate_serial) VALUES ($1, 'default', $2, $3)`,
        [cn.myKeyId, issuer, serial],
      );
      await platform.db.query('INSERT INTO links VALUES ($1, $2, $3)', [
        cn.myKeyId,
        POINT_CARD,
        randomString(10),
      ]);
      const answer = await shop.post<Answer>('/v1/terminal/lookup', {
        certificate: cert.base64,
        serviceCode: POINT_CARD,
      });
      expect([answer.status, answer.body.error?.code]).toEqual([403, 'CERTIFICATE_EXPIRED']);
    });

    it('refuses a lookup with a card of a CA it does not trust, or with no certificate at all', async () => {
      const stranger = await (await createTestCa()).issue({ cn: randomCn() });
      const foreign = await shop.post<Answer>('/v1/terminal/lookup', {
        certificate: stranger.base64,
        serviceCode: POINT_CARD,
      });
      expect([foreign.status, foreign.body.error?.code]).toEqual([403, 'CERTIFICATE_UNTRUSTED']);
      const { cert } = await registeredCard(shop);
      const cut = Buffer.from(cert.base64, 'base64').subarray(0, 600).toString('base64');
      const broken = await shop.post<Answer>('/v1/terminal/lookup', {
        certificate: cut,
        serviceCode: POINT_CARD,
      });
      expect([broken.status, broken.body.error?.code]).toEqual([400, 'CERTIFICATE_INVALID']);
    });

    it('an operator turns the PIN on for the point card, and back off', async () => {
      const on = await platform.admin<{ linkNeedsPin: boolean }>(
        'PUT',
        `/v1/admin/services/${POINT_CARD}/link-pin`,
        { linkNeedsPin: true },
      );
      expect(on.body.linkNeedsPin).toBe(true);
      const { myKeyId } = await registeredCard(shop);
      expect((await linkPointCard(myKeyId)).body.error?.code).toBe('LINK_NEEDS_PIN');
      await platform.admin('PUT', `/v1/admin/services/${POINT_CARD}/link-pin`, {
        linkNeedsPin: false,
      });
      expect((await linkPointCard(myKeyId)).body).toEqual({ outcome: 'registered' });
    });

    it('keeps only a digest of each used proof, and forgets it once its age would refuse it', async () => {
      const rows = await platform.db.query<{ columns: string[] }>(
        `SELECT array_agg(column_name::text ORDER BY column_name) AS columns
       FROM information_schema.columns WHERE table_name = 'used_link_proofs'`,
      );
      expect(rows[0]?.columns).toEqual(['digest', 'forget_after']);
      const [before] = await platform.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM used_link_proofs',
      );
      expect(before?.n).toBeGreaterThan(0);
      await platform.db.query(
        `UPDATE used_link_proofs SET forget_after = now() - interval '1 minute'`,
      );
      expect(await forgetUsedLinkProofs(platform.db)).toBe(before?.n);
      const [after] = await platform.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM used_link_proofs',
      );
      expect(after?.n).toBe(0);
    });
  },
);
