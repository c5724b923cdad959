/**
 * The approval policy (R2), retention with erasure and legal hold (R12, time-travel with a fake
 * clock), and the record of processing (R16, snapshot).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { BASIS, testVigil } from '../../test/support/vigil.js';
import { isForbidden, isNotFound } from '../core/errors.js';
import { recordsOfProcessing } from './records-of-processing.js';

const files = tempDir();
const file = (name: string, content: string) => {
  const target = path.join(files, name);
  fs.writeFileSync(target, content);
  return target;
};

describe('approval policy (R2)', () => {
  it('keeps a case in planning until the plan, the risk assessment and a supervisor approval exist', async () => {
    const { vigil } = await testVigil();
    const kase = await vigil.cases.create('ana', {
      title: 'Op Plover',
      basis: BASIS,
      policy: 'approval',
    });
    expect(kase.state).toBe('planning');
    const collect = () =>
      vigil.evidence.ingest({
        actor: 'ana',
        caseId: kase.id,
        files: [file('a.txt', 'a')],
        reason: 'r',
      });
    await expect(collect()).rejects.toThrow(
      /still in planning: the investigation plan and the risk assessment/,
    );
    await vigil.cases.recordPlan(
      'ana',
      kase.id,
      'monitor channel @x for recruitment',
      'exposure to graphic content; persona compromise',
    );
    await expect(collect()).rejects.toThrow(/approved by a supervisor/);
    await expect(vigil.cases.approveBasis('ana', kase.id, 'LB-1')).rejects.toSatisfy(isForbidden);
    const approved = await vigil.cases.approveBasis('sup.lee', kase.id, 'LB-1');
    expect(approved).toMatchObject({ approvedBy: 'sup.lee' });
    expect((await vigil.cases.show(kase.id)).state).toBe('open');
    expect(await collect()).toHaveLength(1);
    const actions = (await vigil.ledger.events({ caseId: kase.id })).map((e) => e.action);
    expect(actions).toEqual([
      'case_created',
      'legal_basis_added',
      'refused',
      'case_plan_recorded',
      'refused',
      'legal_basis_approved',
      'collection',
    ]);
    expect((await vigil.ledger.events({ caseId: kase.id }))[0]?.data).toMatchObject({
      policy: 'approval',
    });
  });
});

describe('retention (R12)', () => {
  it('reminds at the review date, erases past expiry leaving tombstones, and keeps what a legal hold covers', async () => {
    const { vigil, clock } = await testVigil('2026-11-22T10:00:00Z');
    const basis = { ...BASIS, validUntil: '2027-12-01' };
    const expiring = await vigil.cases.create('ana', { title: 'Op Gull', basis });
    const held = await vigil.cases.create('ana', { title: 'Op Tern', basis });
    const shared = file('shared.txt', 'the same poster in two cases');
    const [gone] = await vigil.evidence.ingest({
      actor: 'ana',
      caseId: expiring.id,
      files: [file('gone.txt', 'only here'), shared],
      reason: 'r',
    });
    const [kept] = await vigil.evidence.ingest({
      actor: 'ana',
      caseId: held.id,
      files: [shared],
      reason: 'r',
    });
    if (!gone || !kept) throw new Error('ingest failed');
    await vigil.cases.setRetention('ana', expiring.id, {
      reviewAt: '2027-01-01',
      expiresAt: '2027-06-01',
    });
    await vigil.cases.setRetention('ana', held.id, {
      reviewAt: '2027-01-01',
      expiresAt: '2027-06-01',
      legalHold: true,
    });

    expect(await vigil.retention.sweep()).toMatchObject({ reviewsDue: [], erased: [], held: [] });
    clock.set('2027-01-02T00:00:00Z');
    const review = await vigil.retention.sweep();
    expect(review.reviewsDue.map((r) => [r.caseId, r.newlyNotified])).toEqual([
      [expiring.id, true],
      [held.id, true],
    ]);
    expect((await vigil.retention.sweep()).reviewsDue.every((r) => !r.newlyNotified)).toBe(true);
    expect(
      (await vigil.ledger.events()).filter((e) => e.action === 'retention_review_due'),
    ).toHaveLength(2);

    clock.set('2027-06-01T00:00:00Z');
    const expiry = await vigil.retention.sweep();
    expect(expiry.erased.map((e) => e.itemId).sort()).toEqual(
      (await vigil.evidence.listItems(expiring.id)).map((i) => i.id).sort(),
    );
    expect(expiry.held).toEqual([{ caseId: held.id, expiresAt: '2027-06-01T00:00:00.000Z' }]);
    const tombstone = await vigil.store.items.get(gone.id);
    expect(tombstone).toMatchObject({ sha256: gone.sha256, erasedAt: '2027-06-01T00:00:00.000Z' });
    expect(await vigil.blobs.has(gone.sha256)).toBe(false);
    // Content shared with a live item of another case stays.
    expect(await vigil.blobs.has(kept.sha256)).toBe(true);
    await expect(
      vigil.evidence.getOriginal('ana', gone.id, path.join(files, 'x')),
    ).rejects.toSatisfy(isNotFound);
    await vigil.evidence.getOriginal('ana', kept.id, path.join(files, 'kept-copy.txt'));
    const erasures = (await vigil.ledger.events({ caseId: expiring.id })).filter(
      (e) => e.action === 'erasure',
    );
    expect(erasures).toHaveLength(2);
    expect(erasures[0]?.data).toMatchObject({ tombstone: { sha256: gone.sha256 } });
    expect((await vigil.evidence.verifyStore('auditor')).ok).toBe(true);
    expect((await vigil.ledger.verify()).ok).toBe(true);
    expect((await vigil.retention.sweep()).erased).toEqual([]);

    await vigil.cases.setRetention('ana', held.id, { legalHold: false });
    clock.set('2027-06-02T00:00:00Z');
    expect((await vigil.retention.sweep()).erased.map((e) => e.itemId)).toEqual([kept.id]);
    expect(await vigil.blobs.has(kept.sha256)).toBe(false);
  });

  it('forgets what triage and search read from erased content', async () => {
    const { vigil, clock } = await testVigil('2026-11-22T10:00:00Z');
    const kase = await vigil.cases.create('ana', {
      title: 'Op Petrel',
      basis: { ...BASIS, validUntil: '2027-12-01' },
    });
    const [item] = await vigil.evidence.ingest({
      actor: 'ana',
      caseId: kase.id,
      files: [file('wallet.txt', 'donate to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 now')],
      reason: 'r',
    });
    if (!item) throw new Error('ingest failed');
    await vigil.jobs.drain();
    expect((await vigil.triage.itemEntities(item.id)).length).toBeGreaterThan(0);
    expect(await vigil.search.search('donate', { caseIds: [kase.id] })).toHaveLength(1);
    await vigil.cases.setRetention('ana', kase.id, { expiresAt: '2027-01-01' });
    clock.set('2027-01-02T00:00:00Z');
    await vigil.retention.sweep();
    expect(await vigil.triage.itemEntities(item.id)).toEqual([]);
    expect(await vigil.search.search('donate', { caseIds: [kase.id] })).toEqual([]);
  });

  it('refuses an expiry before the review and malformed dates', async () => {
    const { vigil } = await testVigil();
    const kase = await vigil.cases.create('ana', { title: 'Op Auk', basis: BASIS });
    await expect(
      vigil.cases.setRetention('ana', kase.id, { reviewAt: '2027-06-01', expiresAt: '2027-01-01' }),
    ).rejects.toThrow(/expire .* before its review/);
    await expect(vigil.cases.setRetention('ana', kase.id, { reviewAt: 'soon' })).rejects.toThrow(
      /--review/,
    );
  });
});

describe('record of processing (R16)', () => {
  it('lists purposes, categories, recipients and retention from what Vigil holds', async () => {
    const { vigil } = await testVigil();
    const kase = await vigil.cases.create('ana', { title: 'Op Skua', basis: BASIS });
    await vigil.evidence.ingest({
      actor: 'ana',
      caseId: kase.id,
      files: [file('note.txt', 'note')],
      reason: 'r',
    });
    await vigil.cases.setRetention('ana', kase.id, {
      reviewAt: '2027-01-01',
      expiresAt: '2028-01-01',
    });
    await vigil.ledger.append({
      actor: 'ana',
      action: 'disclosure',
      caseId: kase.id,
      reason: 'exhibits',
      data: { recipient: 'Public Prosecutor' },
    });
    await expect(
      vigil.evidence.ingest({
        actor: 'ana',
        caseId: 'C-404',
        files: [file('x.txt', 'x')],
        reason: 'r',
      }),
    ).rejects.toSatisfy(isNotFound);
    const record = await recordsOfProcessing({
      store: vigil.store,
      ledger: vigil.ledger,
      clock: vigil.clock,
      keyId: vigil.signer.keyId,
    });
    expect({ ...record, controller: { installationKey: '<key>' } }).toMatchSnapshot();
  });
});
