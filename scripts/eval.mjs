// `npm run eval`: precision and recall of the text indicators per category and per language on the
// training range's ground truth (development and held-out parts apart) and on the hand-written
// fixture corpus; then the near-duplicate detection rate of PDQ matching on the range's
// known-propaganda variants. Nothing here tunes anything: it measures.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, ensure } from './ensure.mjs';

ensure();
const dist = (p) => import(path.join(ROOT, 'dist', p));
const { generateCorpus, MediaStore } = await dist('training/range/index.js');
const { evaluate, formatReport, loadCorpus, defaultCorpusPath } =
  await dist('triage/eval/evaluate.js');
const { pdqFromImage } = await dist('triage/hashing/image-hash.js');
const { pdqDistance } = await dist('triage/hashing/pdq-hash.js');

const seed = process.argv[2] ?? '1';
const corpus = generateCorpus(seed, null);
// A fifth of the posts, chosen by a hash of their id, is held out: the lexicon authors never look
// at how those score when they change a rule.
const heldOut = (id) => createHash('sha256').update(id).digest()[0] % 5 === 0;
const items = corpus.posts.map((post) => ({
  id: post.id,
  split: heldOut(post.id) ? 'heldout' : 'dev',
  language: post.language,
  labels: post.truth.category === 'none' ? [] : [post.truth.category],
  text: post.text,
}));
process.stdout.write(
  `\n== Text indicators on the training range (seed ${seed}, ${items.length} posts)\n`,
);
process.stdout.write(`${formatReport(evaluate(items, { corpus: `range seed ${seed}` }))}\n`);
process.stdout.write(`\n== Text indicators on the fixture corpus (${defaultCorpusPath()})\n`);
process.stdout.write(
  `${formatReport(evaluate(loadCorpus(defaultCorpusPath()), { corpus: 'fixtures' }))}\n`,
);

process.stdout.write(
  '\n== Near-duplicate detection (PDQ, distance ≤ 31) on known-propaganda variants\n',
);
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-eval-media-'));
try {
  const media = new MediaStore(corpus, cache);
  const byId = new Map(corpus.media.map((m) => [m.id, m]));
  const hashes = new Map();
  const pdqOf = async (id) => {
    if (!hashes.has(id)) hashes.set(id, await pdqFromImage(await media.bytes(id)));
    return hashes.get(id);
  };
  const variants = corpus.media.filter((m) => m.truth.derivedFrom && m.kind === 'image');
  let found = 0;
  const rows = [];
  for (const variant of variants) {
    const original = byId.get(variant.truth.derivedFrom);
    const [a, b] = [await pdqOf(original.id), await pdqOf(variant.id)];
    const distance = pdqDistance(a.hash, b.hash);
    const hit = distance <= 31 && b.quality >= 50;
    if (hit) found += 1;
    rows.push(
      `${variant.id.padEnd(14)} ${variant.truth.transforms.join('+').padEnd(24)} distance ${String(distance).padStart(3)} quality ${b.quality}${hit ? '' : '  MISSED'}`,
    );
  }
  const benign = corpus.media.filter(
    (m) => !m.truth.knownPropaganda && !m.truth.derivedFrom && m.kind === 'image',
  );
  let falseHits = 0;
  const known = corpus.media.filter(
    (m) => m.truth.knownPropaganda && !m.truth.derivedFrom && m.kind === 'image',
  );
  for (const b of benign) {
    const hb = await pdqOf(b.id);
    for (const k of known) if (pdqDistance((await pdqOf(k.id)).hash, hb.hash) <= 31) falseHits += 1;
  }
  process.stdout.write(`${rows.join('\n')}\n`);
  process.stdout.write(
    `detected ${found} of ${variants.length} near-duplicates (${((100 * found) / Math.max(1, variants.length)).toFixed(1)}%); ${falseHits} false matches of ${benign.length} benign posters against ${known.length} known originals\n`,
  );
} finally {
  fs.rmSync(cache, { recursive: true, force: true });
}
