import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createTestCa,
  randomCn,
  randomString,
  type TestAuthCertificate,
} from '../../bridge/simulate/jpki-like-ca';
import { japanDay } from '../../core/points/japan-day';
import { balancesOf } from '../../platform/domain/points/balances';
import { setDefaultMunicipality } from '../../platform/domain/points/conversions';
import { databaseKinds } from '../support/databases';
import {
  holderProof,
  linkProof,
  registerDefault as registerDefaultWithProof,
} from '../support/platform-harness';
import { platformSuite } from '../support/platform-suite';

type ErrorAnswer = { error: { code: string } };

describe.each(databaseKinds())('My Key IDs on %s', (kind) => {
  const {
    platform,
    ca,
    terminals: { kiosk, library },
  } = platformSuite(kind, { kiosk: 'a1', library: 'beta1' });

  const registerDefault = (cert: TestAuthCertificate) =>
    registerDefaultWithProof<{ myKeyId: string; outcome: string } & ErrorAnswer>(kiosk, cert);
  const reserve = async (cert: TestAuthCertificate, myKeyId: string) =>
    kiosk.post<{ outcome: string; expiresAt: string } & ErrorAnswer>(
      '/v1/terminal/mykeys/custom-reservations',
      {
        certificate: cert.base64,
        proof: await holderProof(kiosk, cert.privateKey),
        myKeyId,
      },
    );
  // The library asks for the PIN: the card signs each link.
  const link = async (cert: TestAuthCertificate, myKeyId: string, serviceId: string) =>
    library.post('/v1/terminal/links', {
      myKeyId,
      serviceCode: 'A-beta1-0001',
      serviceId,
      proof: await linkProof(library, cert, 'A-beta1-0001'),
    });
  const lookup = (cert: TestAuthCertificate) =>
    library.post<{ serviceId: string } & ErrorAnswer>('/v1/terminal/lookup', {
      certificate: cert.base64,
      serviceCode: 'A-beta1-0001',
    });

  it('(1) registers the certificate’s default random string, and again is harmless', async () => {
    const myKeyId = randomString(14);
    const cert = await ca.issue({ cn: randomCn(myKeyId) });
    expect((await registerDefault(cert)).body).toEqual({ myKeyId, outcome: 'registered' });
    expect((await registerDefault(cert)).body).toEqual({ myKeyId, outcome: 'already_registered' });
  });

  it('the same 14 characters with another desk code are MYKEY_TAKEN (only 14 + 9 is unique)', async () => {
    const myKeyId = randomString(14);
    await registerDefault(await ca.issue({ cn: randomCn(myKeyId) }));
    const clash = await registerDefault(await ca.issue({ cn: randomCn(myKeyId) }));
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('MYKEY_TAKEN');
  });

  it('refuses something that is not an auth certificate with CERTIFICATE_INVALID', async () => {
    const response = await kiosk.post<ErrorAnswer>('/v1/terminal/mykeys/default', {
      certificate: 'A'.repeat(200),
      proof: { challengeId: crypto.randomUUID(), signature: 'AAAA' },
    });
    expect(response.body.error.code).toBe('CERTIFICATE_INVALID');
    const wrongCn = await ca.issue({ cn: 'Taro Yamada' });
    expect((await registerDefault(wrongCn)).body.error.code).toBe('CERTIFICATE_INVALID');
  });

  it('(2) reserves a custom ID; a second citizen asking for it gets 「仮登録ができません」 (MYKEY_TAKEN)', async () => {
    const custom = randomString(14);
    const first = await reserve(await ca.issue({ cn: randomCn() }), custom);
    expect(first.status).toBe(200);
    expect(first.body.outcome).toBe('reserved');
    expect(Date.parse(first.body.expiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const second = await reserve(await ca.issue({ cn: randomCn() }), custom);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('MYKEY_TAKEN');
  });

  it('a custom ID equal to a registered default ID cannot be reserved', async () => {
    const myKeyId = randomString(14);
    await registerDefault(await ca.issue({ cn: randomCn(myKeyId) }));
    expect((await reserve(await ca.issue({ cn: randomCn() }), myKeyId)).body.error.code).toBe(
      'MYKEY_TAKEN',
    );
  });

  /**
   * Points at the shopping street (the kiosk is a1's) with the tapped card, and the balance there
   * of a card (a counter asks with the card) or of an ID (straight from the ledger).
   */
  const awardPoints = (card: { base64: string }, yen: number) =>
    kiosk.post('/v1/terminal/points/award', {
      operationId: randomUUID(),
      kind: 'awardPoints',
      certificate: card.base64,
      madeAt: new Date().toISOString(),
      programmeCode: 'A-P002',
      award: { by: 'purchase', yen },
    });
  const pointsOf = async (card: { base64: string }) => {
    const answer = await kiosk.post<{ balances?: { balance: number }[]; error?: { code: string } }>(
      '/v1/terminal/points/balance',
      { certificate: card.base64, programmeCode: 'A-P002' },
    );
    return answer.body.balances?.[0]?.balance ?? answer.body.error?.code;
  };
  const pointsOfId = async (myKeyId: string) =>
    (await balancesOf(platform.db, myKeyId, ['A-P002'], japanDay()))[0]?.balance;

  it('本登録 at the window binds the reissued certificate and moves the default ID’s links and points', async () => {
    const oldCert = await ca.issue({ cn: randomCn() });
    const oldId = (await registerDefault(oldCert)).body.myKeyId;
    await link(oldCert, oldId, 'LIB-0001');
    await awardPoints(oldCert, 4200);
    expect(await setDefaultMunicipality(platform.db, oldId, 'A')).toEqual({
      ok: true,
      value: true,
    });
    const custom = randomString(14);
    expect((await reserve(oldCert, custom)).status).toBe(200);

    const reissued = await ca.issue({ cn: randomCn(custom) });
    const finalised = await platform.admin('POST', '/v1/admin/mykeys/finalise', {
      certificate: reissued.base64,
    });
    expect(finalised).toEqual({
      status: 200,
      body: { myKeyId: custom, outcome: 'finalised', linksMoved: 1 },
    });
    expect((await lookup(reissued)).body).toEqual({ serviceId: 'LIB-0001' });
    expect((await lookup(oldCert)).body.error.code).toBe('LINK_NOT_FOUND');
    expect(await pointsOf(reissued)).toBe(42);
    expect(await pointsOfId(custom)).toBe(42);
    expect(await pointsOfId(oldId)).toBe(0);
    // The old card is bound to nothing now: it moves no points.
    expect(await pointsOf(oldCert)).toBe('MYKEY_NOT_REGISTERED');
    // The default municipality for converted points (基本自治体) follows too.
    expect(
      await platform.db.query(
        'SELECT my_key_id, default_municipality_code FROM holder_settings WHERE my_key_id IN ($1, $2)',
        [oldId, custom],
      ),
    ).toEqual([{ my_key_id: custom, default_municipality_code: 'A' }]);
    expect((await registerDefault(reissued)).body).toEqual({
      myKeyId: custom,
      outcome: 'already_registered',
    });
  });

  it('a reservation past its period is released: another citizen may reserve it, and the window cannot finalise it', async () => {
    const custom = randomString(14);
    expect((await reserve(await ca.issue({ cn: randomCn() }), custom)).status).toBe(200);
    // MYKEY_RESERVATION_DAYS later.
    await platform.db.query(
      "UPDATE custom_reservations SET expires_at = now() - interval '1 second' WHERE my_key_id = $1",
      [custom],
    );
    const reissued = await ca.issue({ cn: randomCn(custom) });
    const late = await platform.admin<ErrorAnswer>('POST', '/v1/admin/mykeys/finalise', {
      certificate: reissued.base64,
    });
    expect(late.body.error.code).toBe('RESERVATION_NOT_FOUND');
    const other = await reserve(await ca.issue({ cn: randomCn() }), custom);
    expect(other.body.outcome).toBe('reserved');
  });

  it('finalising an ID nobody reserved gets RESERVATION_NOT_FOUND', async () => {
    const cert = await ca.issue({ cn: randomCn() });
    const response = await platform.admin<ErrorAnswer>('POST', '/v1/admin/mykeys/finalise', {
      certificate: cert.base64,
    });
    expect(response.body.error.code).toBe('RESERVATION_NOT_FOUND');
  });

  it('本登録 refuses a reissued certificate that names the reserved ID but is not a good JPKI one, and keeps the reservation', async () => {
    const custom = randomString(14);
    expect((await reserve(await ca.issue({ cn: randomCn() }), custom)).status).toBe(200);
    const finalise = (cert: TestAuthCertificate) =>
      platform.admin<{ outcome: string } & ErrorAnswer>('POST', '/v1/admin/mykeys/finalise', {
        certificate: cert.base64,
      });
    const day = 86_400_000;

    const stranger = await (await createTestCa()).issue({ cn: randomCn(custom) });
    expect((await finalise(stranger)).body.error.code).toBe('CERTIFICATE_UNTRUSTED');
    const expired = await ca.issue({
      cn: randomCn(custom),
      notBefore: new Date(Date.now() - 10 * day),
      notAfter: new Date(Date.now() - day),
    });
    expect((await finalise(expired)).body.error.code).toBe('CERTIFICATE_EXPIRED');
    const revoked = await ca.issue({ cn: randomCn(custom) });
    await platform.admin('POST', '/v1/admin/crls', {
      crl: await ca.issueCrl({ revoked: [revoked.serial] }),
    });
    expect((await finalise(revoked)).body.error.code).toBe('CERTIFICATE_REVOKED');

    // None of those used up the reservation: the citizen's real reissued card still finalises it.
    const reissued = await ca.issue({ cn: randomCn(custom) });
    expect((await finalise(reissued)).body.outcome).toBe('finalised');
  });

  it('renewal moves a default ID to the new random string with every link and its points; re-import is idempotent', async () => {
    const oldCert = await ca.issue({ cn: randomCn() });
    const oldId = (await registerDefault(oldCert)).body.myKeyId;
    await link(oldCert, oldId, 'LIB-RENEW-1');
    await awardPoints(oldCert, 1500);
    const newId = randomString(14);
    const renewed = await ca.issue({ cn: randomCn(newId) });
    const request = {
      oldCertificateIssuer: oldCert.issuer,
      oldCertificateSerial: oldCert.serial,
      newCertificate: renewed.base64,
    };

    const first = await platform.admin('POST', '/v1/admin/renewals', request);
    expect(first.body).toEqual({
      previousMyKeyId: oldId,
      myKeyId: newId,
      kind: 'default',
      outcome: 'moved',
      linksMoved: 1,
    });
    expect((await lookup(renewed)).body).toEqual({ serviceId: 'LIB-RENEW-1' });
    expect((await lookup(oldCert)).body.error.code).toBe('LINK_NOT_FOUND');
    expect(await pointsOf(renewed)).toBe(15);
    expect(await pointsOfId(newId)).toBe(15);
    expect(await pointsOfId(oldId)).toBe(0);
    expect(await pointsOf(oldCert)).toBe('MYKEY_NOT_REGISTERED');
    const again = await platform.admin('POST', '/v1/admin/renewals', request);
    expect(again.body).toMatchObject({ myKeyId: newId, outcome: 'already_applied' });
  });

  it('renewal keeps a custom ID and its links', async () => {
    const custom = randomString(14);
    const first = await ca.issue({ cn: randomCn() });
    await reserve(first, custom);
    const reissued = await ca.issue({ cn: randomCn(custom) });
    await platform.admin('POST', '/v1/admin/mykeys/finalise', { certificate: reissued.base64 });
    await link(reissued, custom, 'LIB-CUSTOM-1');

    const renewed = await ca.issue({ cn: randomCn(custom) });
    const response = await platform.admin('POST', '/v1/admin/renewals', {
      oldCertificateIssuer: reissued.issuer,
      oldCertificateSerial: reissued.serial,
      newCertificate: renewed.base64,
    });
    expect(response.body).toEqual({
      previousMyKeyId: custom,
      myKeyId: custom,
      kind: 'custom',
      outcome: 'unchanged',
      linksMoved: 0,
    });
    expect((await lookup(renewed)).body).toEqual({ serviceId: 'LIB-CUSTOM-1' });
  });

  it('renewal of a certificate the platform never saw gets CERTIFICATE_NOT_REGISTERED', async () => {
    const renewed = await ca.issue({ cn: randomCn() });
    const response = await platform.admin<ErrorAnswer>('POST', '/v1/admin/renewals', {
      oldCertificateIssuer: renewed.issuer,
      oldCertificateSerial: 'ABCDEF',
      newCertificate: renewed.base64,
    });
    expect(response.body.error.code).toBe('CERTIFICATE_NOT_REGISTERED');
  });
});
