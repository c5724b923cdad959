import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../core/jcs.js';
import { ANCHORS } from './anchors.js';
import { generateCorpus } from './corpus.js';
import { isFictionalPhone, isReservedEmail } from './entities.js';
import { independentlyValid } from './test-support/independent-wallet-check.js';
import { exportTruth, truthToJson } from './truth.js';
import { CATEGORIES, LANGUAGES, TRUTH_CATEGORIES } from './vocab.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('generateCorpus', () => {
  const base = generateCorpus(42);
  const truth = exportTruth(base);

  it('is byte-identical for the same seed: corpus and truth', () => {
    const again = generateCorpus('42');
    expect(sha(canonicalize(again))).toBe(sha(canonicalize(base)));
    expect(sha(truthToJson(exportTruth(again)))).toBe(sha(truthToJson(truth)));
    expect(sha(canonicalize(generateCorpus(43)))).not.toBe(sha(canonicalize(base)));
  });

  it('has the size and spread the issue asks for', () => {
    expect(base.personas.length).toBeGreaterThanOrEqual(300);
    expect(base.posts.length).toBeGreaterThanOrEqual(3000);
    expect(base.channels.length).toBeGreaterThanOrEqual(12);
    for (const language of LANGUAGES) {
      expect(base.posts.filter((p) => p.language === language).length, language).toBeGreaterThan(
        150,
      );
    }
    const counts = new Map<string, number>();
    for (const p of truth.posts) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
    for (const category of CATEGORIES)
      expect(counts.get(category) ?? 0, category).toBeGreaterThanOrEqual(20);
    // A realistic benign majority, so identification is a real task.
    expect((counts.get('none') ?? 0) / truth.posts.length).toBeGreaterThan(0.8);
    expect(
      truth.posts.every((p) => (TRUTH_CATEGORIES as readonly string[]).includes(p.category)),
    ).toBe(true);
    // Every category appears in several languages.
    for (const category of CATEGORIES) {
      const langs = new Set(
        truth.posts.filter((p) => p.category === category).map((p) => p.language),
      );
      expect(langs.size, category).toBeGreaterThanOrEqual(3);
    }
  });

  it('marks every record synthetic (R23)', () => {
    const records = [
      ...base.personas,
      ...base.posts,
      ...base.channels,
      ...base.media,
      ...base.pastes,
      ...base.files,
      ...base.donations,
    ];
    expect(records.every((r) => r.synthetic)).toBe(true);
    expect(truth.personas.every((p) => p.synthetic) && truth.posts.every((p) => p.synthetic)).toBe(
      true,
    );
  });

  it('plants only reserved phones, reserved e-mail domains and checksum-valid wallets', () => {
    const entities = [
      ...truth.posts.flatMap((p) => p.entities),
      ...truth.pastes.flatMap((p) => p.entities),
    ];
    const byType = (type: string) => entities.filter((e) => e.type === type);
    for (const type of [
      'btc',
      'eth',
      'trx',
      'phone',
      'email',
      'telegram',
      'whatsapp',
      'url',
      'handle',
    ]) {
      expect(byType(type).length, type).toBeGreaterThan(0);
    }
    for (const e of byType('phone')) expect(isFictionalPhone(e.value), e.value).toBe(true);
    for (const e of byType('email')) expect(isReservedEmail(e.value), e.value).toBe(true);
    for (const type of ['btc', 'eth', 'trx'])
      for (const e of byType(type)) expect(independentlyValid(type, e.value), e.value).toBe(true);
    for (const d of truth.donations)
      for (const w of d.wallets) expect(independentlyValid(w.kind, w.address)).toBe(true);
    for (const e of byType('telegram')) expect(e.value).toMatch(/^https:\/\/t\.me\/\+[\w-]{16}$/);
    for (const e of byType('whatsapp'))
      expect(e.value).toMatch(/^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{22}$/);
    // Entities are in the text the trainee sees (or in its edit history).
    const posts = new Map(base.posts.map((p) => [p.id, p]));
    for (const p of truth.posts) {
      const post = posts.get(p.id);
      const texts = [post?.text ?? '', ...(post?.edits.map((e) => e.text) ?? [])].join('\n');
      for (const e of p.entities) expect(texts.includes(e.value), `${p.id} ${e.value}`).toBe(true);
    }
  });

  it('keeps training material a placeholder (no operational content)', () => {
    const training = base.posts.filter((p) => p.truth.category === 'training');
    expect(training.length).toBeGreaterThan(0);
    for (const p of training) expect(p.text).toMatch(/PLACEHOLDER|نص بديل|متبادل متن/);
  });

  it('links near-duplicates to known originals in the truth', () => {
    const near = truth.media.filter((m) => m.nearDuplicateOf !== null);
    const known = new Set(truth.media.filter((m) => m.knownPropaganda).map((m) => m.url));
    expect(known.size).toBeGreaterThanOrEqual(8);
    expect(near.length).toBeGreaterThanOrEqual(24);
    for (const m of near) expect(known.has(m.nearDuplicateOf ?? '')).toBe(true);
    expect(new Set(near.flatMap((m) => m.transforms))).toEqual(
      new Set(['reencode', 'resize', 'crop', 'recolour', 'overlay']),
    );
    expect(truth.posts.some((p) => p.media.some((m) => m.nearDuplicateOf !== null))).toBe(true);
    // Modest: a classroom machine renders them quickly.
    expect(base.media.filter((m) => m.kind === 'image').length).toBeLessThanOrEqual(80);
  });

  it('places every anchor, with its deletion and edit history', () => {
    for (const spec of ANCHORS) {
      const post = base.posts.find((p) => p.id === base.anchors[spec.key]);
      expect(post?.truth.anchor, spec.key).toBe(spec.key);
      expect(post?.truth.category).toBe(spec.category);
      expect(post?.language).toBe(spec.language);
      if (spec.deletion !== undefined) expect(post?.deletion?.kind).toBe(spec.deletion.kind);
      if (spec.edited === true)
        expect(post?.truth.entities.some((e) => e.where === 'edit_history')).toBe(true);
    }
  });

  it('derives per-trainee variants: same exercise, different ids, wallets and serials (R24)', () => {
    const a = generateCorpus(42, 'trainee-a');
    const b = generateCorpus(42, 'trainee-b');
    expect(sha(canonicalize(generateCorpus(42, 'trainee-a')))).toBe(sha(canonicalize(a)));
    // Same structure: categories, languages and anchors line up post by post.
    const shape = (c: typeof a) =>
      c.posts.map((p) => `${p.truth.category}/${p.language}/${p.truth.anchor ?? ''}`).sort();
    expect(shape(a)).toEqual(shape(b));
    expect(Object.keys(a.anchors)).toEqual(Object.keys(b.anchors));
    // Different answers.
    const ids = (c: typeof a) => new Set(c.posts.map((p) => p.id));
    const idsB = ids(b);
    expect([...ids(a)].filter((id) => idsB.has(id)).length).toBeLessThan(5);
    const wallets = (c: typeof a) =>
      new Set(
        exportTruth(c).posts.flatMap((p) =>
          p.entities.filter((e) => ['btc', 'eth', 'trx'].includes(e.type)).map((e) => e.value),
        ),
      );
    const wa = wallets(a);
    expect([...wallets(b)].some((w) => wa.has(w))).toBe(false);
    expect(a.media.map((m) => m.poster.serial)).not.toEqual(b.media.map((m) => m.poster.serial));
    expect(a.anchors['financing-wallets-en']).not.toBe(b.anchors['financing-wallets-en']);
  });
});
