import { describe, expect, it } from 'vitest';
import { createTestCa, randomString } from '../../bridge/simulate/jpki-like-ca';
import { importRenewals } from '../../platform/use-cases/renewals';
import { databaseKinds } from '../support/databases';
import { registerDefault } from '../support/platform-harness';
import { platformSuite } from '../support/platform-suite';

/** The operator's renewal job: each person moves atomically; a re-import changes nothing. */
describe.each(databaseKinds())('importing certificate renewals on %s', (kind) => {
  const {
    platform,
    ca,
    terminals: { shop },
  } = platformSuite(kind, { shop: 'a1' });

  it('moves a default ID and its links to the new certificate, once, and refuses bad lines alone', async () => {
    const desk = randomString(9);
    const old = await ca.issue({ cn: `${randomString(14)}${desk}` });
    const { myKeyId } = (await registerDefault<{ myKeyId: string }>(shop, old)).body;
    await shop.post('/v1/terminal/links', {
      myKeyId,
      serviceCode: 'A-a1-0001',
      serviceId: 'PT-77',
    });
    const renewedId = randomString(14);
    const renewed = await ca.issue({ cn: `${renewedId}${desk}` });
    const stranger = await createTestCa();
    const file = [
      JSON.stringify({
        oldCertificateIssuer: old.issuer,
        oldCertificateSerial: old.serial,
        newCertificate: renewed.base64,
      }),
      JSON.stringify({
        oldCertificateIssuer: old.issuer,
        oldCertificateSerial: 'FFFF',
        newCertificate: 'x',
      }),
      // A certificate that names a new ID but comes from no trusted JPKI CA.
      JSON.stringify({
        oldCertificateIssuer: old.issuer,
        oldCertificateSerial: old.serial,
        newCertificate: (await stranger.issue({ cn: `${randomString(14)}${desk}` })).base64,
      }),
    ].join('\n');

    const first = await importRenewals(platform.db, platform.anchors, file);
    expect(first).toMatchObject({ moved: 1, refused: 2 });
    expect(first.lines[0]).toEqual({ line: 1, outcome: 'moved', linksMoved: 1 });
    expect(first.lines[2]).toEqual({ line: 3, outcome: 'refused', code: 'CERTIFICATE_UNTRUSTED' });
    // A tap with the renewed card finds the link the old card made.
    const lookup = await shop.post('/v1/terminal/lookup', {
      certificate: renewed.base64,
      serviceCode: 'A-a1-0001',
    });
    expect(lookup.body).toEqual({ serviceId: 'PT-77' });

    const again = await importRenewals(platform.db, platform.anchors, file);
    expect(again).toMatchObject({ moved: 0, alreadyApplied: 1, refused: 2 });
    expect(JSON.stringify(again)).not.toContain(renewedId);
  });
});
