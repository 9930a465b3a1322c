import { describe, expect, it } from 'vitest';
import {
  LINK_PROOF_MAX_AGE_HOURS,
  linkProofForgetAfter,
  linkProofInTime,
  linkProofText,
  pointsProofText,
} from './statement';

const statement = {
  terminalId: 'b3c1a0e2-0000-4000-8000-000000000001',
  serviceCode: 'A-beta1-0001',
  madeAt: '2026-12-02T08:00:00.000Z',
  nonce: 'AA5E0000-0000-4000-8000-000000000002',
};
const hours = (n: number) => n * 3_600_000;

describe('the statement a card signs to link a service', () => {
  it('names the terminal, the service, the time and the nonce, one per line', () => {
    expect(linkProofText(statement)).toBe(
      'mykey-link-proof/1\nterminal=b3c1a0e2-0000-4000-8000-000000000001\nservice=A-beta1-0001\nat=2026-12-02T08:00:00.000Z\nnonce=aa5e0000-0000-4000-8000-000000000002',
    );
  });

  it('differs when any field differs', () => {
    const base = linkProofText(statement);
    for (const field of ['terminalId', 'serviceCode', 'madeAt', 'nonce'] as const)
      expect(linkProofText({ ...statement, [field]: `${statement[field]}0` })).not.toBe(base);
  });

  it(`is usable for ${LINK_PROOF_MAX_AGE_HOURS} hours, and ten minutes early for a fast clock`, () => {
    const madeAt = new Date(statement.madeAt);
    const at = (ms: number) => new Date(madeAt.getTime() + ms);
    expect(linkProofInTime(madeAt, at(0))).toBe(true);
    expect(linkProofInTime(madeAt, at(hours(72)))).toBe(true);
    expect(linkProofInTime(madeAt, at(hours(72) + 1))).toBe(false);
    expect(linkProofInTime(madeAt, at(-10 * 60_000))).toBe(true);
    expect(linkProofInTime(madeAt, at(-10 * 60_000 - 1))).toBe(false);
    expect(linkProofInTime(new Date('not a date'), at(0))).toBe(false);
  });

  it('is remembered as used until after it would be refused as too old', () => {
    const madeAt = new Date(statement.madeAt);
    const forget = linkProofForgetAfter(madeAt);
    expect(linkProofInTime(madeAt, forget)).toBe(false);
  });
});

describe('the statement a card signs to allow a redemption above the threshold', () => {
  const redemption = {
    terminalId: statement.terminalId,
    programmeCode: 'A-P002',
    points: 1500,
    madeAt: statement.madeAt,
    operationId: 'AA5E0000-0000-4000-8000-000000000003',
  };

  it('names the terminal, the programme, the points, the time and the redemption, one per line', () => {
    expect(pointsProofText(redemption)).toBe(
      'mykey-points-proof/1\nterminal=b3c1a0e2-0000-4000-8000-000000000001\nprogramme=A-P002\npoints=1500\nat=2026-12-02T08:00:00.000Z\noperation=aa5e0000-0000-4000-8000-000000000003',
    );
  });

  it('differs when any field differs, and from every link statement', () => {
    const base = pointsProofText(redemption);
    for (const field of ['terminalId', 'programmeCode', 'madeAt', 'operationId'] as const)
      expect(pointsProofText({ ...redemption, [field]: `${redemption[field]}0` })).not.toBe(base);
    expect(pointsProofText({ ...redemption, points: 1501 })).not.toBe(base);
    expect(base.split('\n')[0]).not.toBe(linkProofText(statement).split('\n')[0]);
  });
});
