import { describe, expect, it } from 'vitest';
import { collectionDecision, normaliseBasis } from './legal-basis.js';
import { NEW_CASE_DEFAULTS } from './types.js';
import type { Case, LegalBasis } from './types.js';

const kase: Case = {
  id: 'C-7',
  title: 't',
  ...NEW_CASE_DEFAULTS,
  workspace: 'operational',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'ana',
};
const basis = (reference: string, validFrom: string, validUntil: string): LegalBasis => ({
  id: `LB-${reference}`,
  caseId: 'C-7',
  authority: 'Court',
  reference,
  purpose: 'p',
  scope: null,
  validFrom,
  validUntil,
  approver: null,
  addedAt: validFrom,
  addedBy: 'ana',
  approvedBy: null,
  approvedAt: null,
});
const at = (iso: string) => new Date(iso);

describe('collectionDecision (R1)', () => {
  const w1 = basis('W-1', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z');

  it('refuses before the basis starts, saying when it starts', () => {
    const decision = collectionDecision(kase, [w1], at('2026-10-31T23:59:59.999Z'));
    expect(decision).toMatchObject({ allowed: false, cause: 'not_yet_valid' });
    expect(!decision.allowed && decision.reason).toMatch(/starts on 2026-11-01/);
  });

  it('allows from the first instant of validity to the last', () => {
    expect(collectionDecision(kase, [w1], at('2026-11-01T00:00:00.000Z'))).toMatchObject({
      allowed: true,
    });
    expect(collectionDecision(kase, [w1], at('2026-11-30T23:59:59.999Z'))).toMatchObject({
      allowed: true,
    });
  });

  it('refuses from the instant it expires, and says how to add a basis', () => {
    const decision = collectionDecision(kase, [w1], at('2026-12-01T00:00:00.000Z'));
    expect(decision).toMatchObject({ allowed: false, cause: 'expired' });
    expect(!decision.allowed && decision.hint).toMatch(/vigil case basis add C-7/);
  });

  it('uses a later basis once the first expires, and the longest-running of several', () => {
    const w2 = basis('W-2', '2026-11-15T00:00:00.000Z', '2027-03-01T00:00:00.000Z');
    const decision = collectionDecision(kase, [w1, w2], at('2026-11-20T00:00:00.000Z'));
    expect(decision.allowed && decision.basis.reference).toBe('W-2');
    expect(collectionDecision(kase, [w1, w2], at('2027-01-01T00:00:00.000Z'))).toMatchObject({
      allowed: true,
    });
  });

  it('refuses a closed case whatever its bases, and a case without one', () => {
    const closed = { ...kase, status: 'closed' as const, closedAt: '2026-11-10T00:00:00.000Z' };
    expect(collectionDecision(closed, [w1], at('2026-11-20T00:00:00.000Z'))).toMatchObject({
      allowed: false,
      cause: 'closed',
    });
    expect(collectionDecision(kase, [], at('2026-11-20T00:00:00.000Z'))).toMatchObject({
      allowed: false,
      cause: 'no_basis',
    });
  });
});

describe('normaliseBasis', () => {
  const input = {
    authority: ' Court ',
    reference: 'W-1',
    purpose: 'p',
    validFrom: '2026-11-01',
    validUntil: '2026-12-01T00:00:00+07:00',
  };

  it('trims text and stores instants in UTC', () => {
    expect(normaliseBasis(input)).toMatchObject({
      authority: 'Court',
      validFrom: '2026-11-01T00:00:00.000Z',
      validUntil: '2026-11-30T17:00:00.000Z',
      scope: null,
    });
  });

  it('refuses empty fields, malformed dates and an empty period with a hint', () => {
    expect(() => normaliseBasis({ ...input, reference: '  ' })).toThrow(/--reference is required/);
    expect(() => normaliseBasis({ ...input, validFrom: 'yesterday' })).toThrow(/--valid-from/);
    expect(() => normaliseBasis({ ...input, validUntil: '2026-10-01' })).toThrow(
      /ends .* before it starts/,
    );
  });
});
