/**
 * R25 fixture submissions — perfect, missing hash, wrong category, captured the repost,
 * passive-mode violation, late — produce the expected scores and feedback; R24: answers from
 * another trainee's variant fail and are flagged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp.js';
import { flipByte } from '../../package/test-support.js';
import { generateCorpus } from '../range/corpus.js';
import { findScenario } from '../range/scenarios.js';
import { exportTruth } from '../range/truth.js';
import type { RangeTruth } from '../range/truth.js';
import { assessFiles } from './assess.js';
import type { AssessmentResult } from './assessment-types.js';
import { fixtureKit, fixturePackage, violation } from './fixture-packages.test-support.js';
import type { FixtureKit } from './fixture-packages.test-support.js';
import { readSubmittedPackage } from './package-reader.js';
import { assessSubmission } from './rubric.js';

const SEED = '42';
const VARIANT = 'rina';
let kit: FixtureKit;
let truth: RangeTruth;
let perfect: string;
const incitement = findScenario('incitement-vanishing-post');
const post = (anchor: string) => truth.posts.find((p) => p.id === truth.anchors[anchor])!;
const byId = (r: AssessmentResult) => Object.fromEntries(r.criteria.map((c) => [c.id, c]));

beforeAll(async () => {
  kit = await fixtureKit(tempDir('vigil-assess-'));
  truth = exportTruth(generateCorpus(SEED, VARIANT));
  perfect = await fixturePackage(kit, truth, [{ path: post('incitement-deleted-ar').url }]);
});
afterAll(async () => {
  await kit?.close();
});

const assess = async (
  packages: string[],
  answers: object,
  violations = [] as ReturnType<typeof violation>[],
) =>
  assessSubmission({
    scenario: incitement,
    truth,
    packages: await Promise.all(packages.map(readSubmittedPackage)),
    answers,
    violations,
  });

describe('rubric fixtures (incitement-vanishing-post, seed 42, variant rina)', () => {
  const right = { categories: { 'classify-tagalog': 'incitement' } };

  it('perfect submission: 100/100, passed', async () => {
    const r = await assess([perfect], right);
    expect(r).toMatchObject({ score: 100, max: 100, passed: true, flags: [] });
    expect(byId(r).preservation).toMatchObject({ score: 50, max: 50 });
    expect(byId(r).preservation?.feedback).toContain(
      `preserved ${post('incitement-deleted-ar').url}`,
    );
    expect(byId(r).metadata?.feedback).toMatch(/Every package verifies/);
  });

  it('missing hash: the package fails verification → metadata halves', async () => {
    const broken = path.join(kit.dir, 'broken.wacz');
    fs.copyFileSync(perfect, broken);
    await flipByte(broken, 'archive/capture.warc.gz', 40);
    const r = await assess([broken], right);
    expect(byId(r).metadata).toMatchObject({ score: 5, max: 10 });
    expect(byId(r).metadata?.feedback).toMatch(/does not verify: \w[\w-]* check failed/);
    expect(r).toMatchObject({ score: 95, passed: true });
  });

  it('wrong category: classification 0, feedback names the right one', async () => {
    const r = await assess([perfect], { categories: { 'classify-tagalog': 'propaganda' } });
    expect(byId(r).classification).toMatchObject({ score: 0, max: 20 });
    expect(byId(r).classification?.feedback).toBe(
      `classify-tagalog: wrong category — you classified ${post('incitement-tl').url} as "propaganda"; it is "incitement" (0/40).`,
    );
    expect(r.score).toBe(80);
  });

  it('passive-mode violation: the conduct penalty applies', async () => {
    const r = await assess([perfect], right, [violation(0, 'like', post('incitement-tl').url)]);
    expect(byId(r).conduct).toMatchObject({ score: 0, max: 10 });
    expect(byId(r).conduct?.feedback).toContain(
      `1 passive-mode violation: like on ${post('incitement-tl').url}`,
    );
    expect(r.score).toBe(90);
  });

  it('late: the volatile post was already removed when captured', async () => {
    const late = await fixturePackage(kit, truth, [
      { path: post('incitement-deleted-ar').url, gone: true },
    ]);
    const r = await assess([late], right);
    expect(byId(r).preservation).toMatchObject({ score: 0, max: 50 });
    expect(byId(r).preservation?.feedback).toMatch(/capture-threat: late — .* \(HTTP 410\)/);
    expect(byId(r).preservation?.feedback).toContain('Late-capture penalty: −20');
    // The removed page has no post data: provenance is incomplete too.
    expect(byId(r).metadata).toMatchObject({ score: 5 });
    expect(r).toMatchObject({ score: 45, passed: false });
  });

  it('captured the repost: "the post you captured was the repost, not the original"', async () => {
    const scenario = findScenario('propaganda-known-media');
    const target = post('propaganda-video-en');
    const origins = new Set(
      target.media.flatMap((m) =>
        m.nearDuplicateOf === null ? [m.url] : [m.url, m.nearDuplicateOf],
      ),
    );
    const repost = truth.posts.find(
      (p) =>
        p.id !== target.id &&
        p.media.some(
          (m) =>
            origins.has(m.url) || (m.nearDuplicateOf !== null && origins.has(m.nearDuplicateOf)),
        ),
    )!;
    expect(repost).toBeDefined();
    const pkg = await fixturePackage(kit, truth, [{ path: repost.url }]);
    const r = assessSubmission({ scenario, truth, packages: [await readSubmittedPackage(pkg)] });
    expect(byId(r).preservation?.feedback).toContain(
      `video: the post you captured (${repost.url}) was the repost, not the original (0/35).`,
    );
    const ok = assessSubmission({
      scenario,
      truth,
      packages: [
        await readSubmittedPackage(await fixturePackage(kit, truth, [{ path: target.url }])),
      ],
    });
    expect(byId(ok).preservation?.score).toBeCloseTo(35, 5);
  });

  it('an expired legal basis at capture time loses legal-basis credit', async () => {
    const pkg = await fixturePackage(kit, truth, [{ path: post('incitement-deleted-ar').url }], {
      basis: { validUntil: '2026-11-15' },
    });
    const r = await assess([pkg], right);
    expect(byId(r).legal_basis).toMatchObject({ score: 5, max: 10 });
    expect(byId(r).legal_basis?.feedback).toMatch(/outside the basis's validity/);
  });
});

describe('R24: per-trainee variants', () => {
  it('answers of trainee A submitted as trainee B fail and are flagged', async () => {
    const scenario = findScenario('recruitment-invite-links');
    const alice = exportTruth(generateCorpus(SEED, 'alice'));
    const bob = exportTruth(generateCorpus(SEED, 'bob'));
    const entity = (t: RangeTruth, anchor: string, type: string) =>
      t.posts.find((p) => p.id === t.anchors[anchor])!.entities.find((e) => e.type === type)!.value;
    expect(entity(alice, 'recruitment-whatsapp-ms', 'whatsapp')).not.toBe(
      entity(bob, 'recruitment-whatsapp-ms', 'whatsapp'),
    );
    const aliceAnswers = {
      tasks: {
        'telegram-invite': entity(alice, 'recruitment-invite-en', 'telegram'),
        'whatsapp-invite': entity(alice, 'recruitment-whatsapp-ms', 'whatsapp'),
        'urdu-phone': entity(alice, 'recruitment-phone-ur', 'phone'),
      },
    };
    const alicePkg = await fixturePackage(kit, alice, [
      { path: alice.posts.find((p) => p.id === alice.anchors['recruitment-invite-en'])!.url },
    ]);
    const asAlice = assessSubmission({
      scenario,
      truth: alice,
      packages: [await readSubmittedPackage(alicePkg)],
      answers: aliceAnswers,
    });
    expect(asAlice).toMatchObject({ passed: true, flags: [] });
    expect(byId(asAlice).identification?.score).toBe(35);
    const asBob = assessSubmission({
      scenario,
      truth: bob,
      packages: [await readSubmittedPackage(alicePkg)],
      answers: aliceAnswers,
      otherVariants: [{ label: 'alice', truth: alice }],
    });
    expect(asBob.passed).toBe(false);
    expect(
      asBob.flags.some((f) => f.startsWith('whatsapp-invite:') && f.includes("alice's variant")),
    ).toBe(true);
    expect(asBob.flags.some((f) => f.includes('does not exist in variant bob'))).toBe(true);
    expect(byId(asBob).identification?.feedback).toContain(
      'flagged — the value you gave belongs to another trainee',
    );
    // The same check through the offline entry point (`vigil assess`) with --other-variants.
    const answersFile = path.join(kit.dir, 'alice-answers.json');
    fs.writeFileSync(answersFile, JSON.stringify(aliceAnswers));
    const viaFiles = await assessFiles({
      packages: [alicePkg],
      scenario: 'recruitment-invite-links',
      seed: SEED,
      variant: 'bob',
      answersFile,
      otherVariants: ['alice', 'carol'],
    });
    expect(viaFiles.passed).toBe(false);
    expect(viaFiles.flags.length).toBeGreaterThan(0);
  });
});
