import { afterAll, describe, expect, it } from 'vitest';
import {
  createTestCa,
  randomCn,
  type TestAuthCertificate,
} from '../../bridge/simulate/jpki-like-ca';
import { databaseKinds } from '../support/databases';
import {
  holderProof,
  registerDefault,
  startTestPlatform,
  type TestPlatform,
} from '../support/platform-harness';
import { platformSuite } from '../support/platform-suite';

type Answer = { myKeyId?: string; outcome?: string; error?: { code: string } };

/**
 * 公的個人認証 at the platform: a My Key ID is registered only when the card signed this
 * terminal's fresh challenge, and the certificate chains to a trusted JPKI CA, is in date and
 * is not revoked.
 */
describe.each(databaseKinds())('proof that the holder is present, on %s', (kind) => {
  const {
    platform,
    ca,
    terminals: { kiosk, otherKiosk },
  } = platformSuite(kind, { kiosk: 'a1', otherKiosk: 'a1' });

  const register = (cert: TestAuthCertificate, proof: unknown) =>
    kiosk.post<Answer>('/v1/terminal/mykeys/default', { certificate: cert.base64, proof });
  const code = (answer: { body: Answer }) => answer.body.error?.code;

  it('registers when the card signed a fresh challenge', async () => {
    const cert = await ca.issue({ cn: randomCn() });
    const answer = await registerDefault<Answer>(kiosk, cert);
    expect(answer.body).toMatchObject({ outcome: 'registered' });
  });

  it('a challenge serves once: the same proof again is CHALLENGE_INVALID', async () => {
    const cert = await ca.issue({ cn: randomCn() });
    const proof = await holderProof(kiosk, cert.privateKey);
    expect((await register(cert, proof)).body.outcome).toBe('registered');
    expect(code(await register(cert, proof))).toBe('CHALLENGE_INVALID');
  });

  it("another terminal's challenge is CHALLENGE_INVALID", async () => {
    const cert = await ca.issue({ cn: randomCn() });
    const proof = await holderProof(otherKiosk, cert.privateKey);
    expect(code(await register(cert, proof))).toBe('CHALLENGE_INVALID');
  });

  it('an expired challenge is CHALLENGE_EXPIRED, and registers nothing', async () => {
    const cert = await ca.issue({ cn: randomCn() });
    const proof = await holderProof(kiosk, cert.privateKey);
    await platform.db.query(
      "UPDATE auth_challenges SET expires_at = now() - interval '1 second' WHERE id = $1",
      [proof.challengeId],
    );
    expect(code(await register(cert, proof))).toBe('CHALLENGE_EXPIRED');
    expect((await registerDefault<Answer>(kiosk, cert)).body.outcome).toBe('registered');
  });

  it('a signature not made by the certificate’s key is HOLDER_SIGNATURE_INVALID', async () => {
    const cert = await ca.issue({ cn: randomCn() });
    const impostor = await createTestCa();
    const forged = await holderProof(kiosk, (await impostor.issue({ cn: randomCn() })).privateKey);
    expect(code(await register(cert, forged))).toBe('HOLDER_SIGNATURE_INVALID');
    const garbage = { ...(await holderProof(kiosk, cert.privateKey)), signature: 'AAAA' };
    expect(code(await register(cert, garbage))).toBe('HOLDER_SIGNATURE_INVALID');
  });

  it('a certificate from a CA the platform does not trust is CERTIFICATE_UNTRUSTED', async () => {
    const unknownCa = await createTestCa();
    const cert = await unknownCa.issue({ cn: randomCn() });
    expect(code(await registerDefault<Answer>(kiosk, cert))).toBe('CERTIFICATE_UNTRUSTED');
  });

  it('an expired certificate (or one not yet valid) is CERTIFICATE_EXPIRED', async () => {
    const day = 86_400_000;
    const expired = await ca.issue({
      cn: randomCn(),
      notBefore: new Date(Date.now() - 10 * day),
      notAfter: new Date(Date.now() - day),
    });
    expect(code(await registerDefault<Answer>(kiosk, expired))).toBe('CERTIFICATE_EXPIRED');
    const future = await ca.issue({ cn: randomCn(), notBefore: new Date(Date.now() + day) });
    expect(code(await registerDefault<Answer>(kiosk, future))).toBe('CERTIFICATE_EXPIRED');
  });

  it('a revoked certificate is CERTIFICATE_REVOKED once the CRL is loaded; others still pass', async () => {
    const revoked = await ca.issue({ cn: randomCn() });
    const good = await ca.issue({ cn: randomCn() });
    const loaded = await platform.admin<{ entries: number; issuer: string }>(
      'POST',
      '/v1/admin/crls',
      {
        crl: await ca.issueCrl({ revoked: [revoked.serial] }),
      },
    );
    expect(loaded.body).toMatchObject({ entries: 1, issuer: ca.certificate.subject });
    expect(code(await registerDefault<Answer>(kiosk, revoked))).toBe('CERTIFICATE_REVOKED');
    expect((await registerDefault<Answer>(kiosk, good)).body.outcome).toBe('registered');
  });

  it('two generations of the JPKI CA share one name: each key has its own CRL', async () => {
    const nextGeneration = await createTestCa();
    platform.trustCa(nextGeneration);
    expect(nextGeneration.certificate.subject).toBe(ca.certificate.subject);
    const serial = 'C0FFEE';
    const revokedOld = await ca.issue({ cn: randomCn(), serial });
    const sameSerialNew = await nextGeneration.issue({ cn: randomCn(), serial });
    await platform.admin('POST', '/v1/admin/crls', {
      crl: await ca.issueCrl({ revoked: [serial] }),
    });
    await platform.admin('POST', '/v1/admin/crls', {
      crl: await nextGeneration.issueCrl({ revoked: [] }),
    });
    // The new generation's empty list neither replaced the old one's nor revoked its own serial.
    expect(code(await registerDefault<Answer>(kiosk, revokedOld))).toBe('CERTIFICATE_REVOKED');
    expect((await registerDefault<Answer>(kiosk, sameSerialNew)).body.outcome).toBe('registered');
  });

  it('a CRL past its next update makes the status unknown: REVOCATION_UNKNOWN (503), not a pass', async () => {
    const stale = await ca.issueCrl({
      revoked: [],
      thisUpdate: new Date(Date.now() + 1000),
      nextUpdate: new Date(Date.now() + 2000),
    });
    expect((await platform.admin('POST', '/v1/admin/crls', { crl: stale })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const cert = await ca.issue({ cn: randomCn() });
    const answer = await registerDefault<Answer>(kiosk, cert);
    expect(answer.status).toBe(503);
    expect(code(answer)).toBe('REVOCATION_UNKNOWN');
    // A fresh list heals it.
    await platform.admin('POST', '/v1/admin/crls', { crl: await ca.issueCrl({ revoked: [] }) });
    expect((await registerDefault<Answer>(kiosk, cert)).body.outcome).toBe('registered');
  });

  it('refuses a CRL not signed by a trusted CA, and one older than the list loaded', async () => {
    const stranger = await createTestCa();
    const foreign = await platform.admin<Answer>('POST', '/v1/admin/crls', {
      crl: await stranger.issueCrl({ revoked: [] }),
    });
    expect(code(foreign)).toBe('CRL_INVALID');
    const old = await platform.admin<Answer>('POST', '/v1/admin/crls', {
      crl: await ca.issueCrl({ revoked: [], thisUpdate: new Date(Date.now() - 86_400_000) }),
    });
    expect(code(old)).toBe('CRL_INVALID');
  });
});

describe.each(databaseKinds())('when a CRL is required (MYKEY_REQUIRE_CRL=true), on %s', (kind) => {
  let platform: TestPlatform;
  afterAll(() => platform.close());

  it('an issuer with no CRL loaded is REVOCATION_UNKNOWN', async () => {
    platform = await startTestPlatform(kind, { MYKEY_REQUIRE_CRL: 'true' });
    const ca = await createTestCa();
    platform.trustCa(ca);
    const kiosk = await platform.terminal('a1');
    const cert = await ca.issue({ cn: randomCn() });
    expect((await registerDefault<Answer>(kiosk, cert)).body.error?.code).toBe(
      'REVOCATION_UNKNOWN',
    );
    await platform.admin('POST', '/v1/admin/crls', { crl: await ca.issueCrl({ revoked: [] }) });
    expect((await registerDefault<Answer>(kiosk, cert)).body.outcome).toBe('registered');
  });
});
