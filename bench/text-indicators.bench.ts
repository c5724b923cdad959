/**
 * @module Benchmark: text indicators + entities throughput (MB/s) against `grep -F -f terms.txt`
 * over the same lexicon terms and the same corpus, measured in the same run. Goal ≥ 0.25×.
 *
 * What each side does:
 * - grep: `LC_ALL=C.UTF-8 grep -F -c -f terms.txt corpus.txt`, one process over the whole corpus
 *   file, with every folded lexicon term as a fixed string; it counts matching lines (byte-exact,
 *   case-sensitive matching, no normalisation, no entities). Its time includes starting grep.
 * - Vigil: `detectTextSignals` on every post of the same corpus, one call per post as triage runs
 *   per item: Unicode folding (NFKC/NFKD, case, Arabic diacritics, tatweel and letter variants,
 *   homoglyphs, emoji splitting) with the offset map, tokenizing with leetspeak and Arabic
 *   proclitic readings, every term set, proximity rules, exclusions and explained flags with spans
 *   into the original text, plus every entity extractor with its validation (URLs and invite
 *   links, e-mails, phones through libphonenumber, handles, hashtags, BTC/ETH/TRON checksums,
 *   IBAN MOD 97). This is exactly what `vigil triage text` computes for a text, minus language
 *   identification, which is reported separately (third figure).
 * Both sides run in alternation, several rounds, and each keeps its best round, so a busy machine
 * slows both alike. The corpus is generated at run time under bench/.work/ from the fixture posts
 * mixed with ordinary filler text (most real posts flag nothing).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultCorpusPath, loadCorpus } from '../src/triage/eval/evaluate.js';
import { analyzeText, defaultLexicon, detectTextSignals } from '../src/triage/text/analyze-text.js';
import type { BenchResult } from './types.js';

const WORK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '.work');
const TARGET_BYTES = 4 * 1024 * 1024;

const FILLER = [
  'The weather in the city was mild today and the market stayed open until late in the evening.',
  'Reminder: the football match has been moved to Saturday at 4pm, bring water and a jacket @coach_sam',
  'تم افتتاح المكتبة العامة الجديدة في وسط المدينة وتضم آلاف الكتب للأطفال والكبار',
  'آج شام بازار میں بہت رش تھا اور لوگ عید کی خریداری کر رہے تھے',
  'Hari ini cuaca cerah, kami pergi ke pantai bersama keluarga dan makan ikan bakar #liburan',
  'Masarap ang ulam namin kanina, salamat sa luto ni nanay! Kita-kits bukas sa palengke',
  'Order confirmed: your parcel will arrive Tuesday, track it at https://example.org/track/12345',
];

function buildCorpus(): string[] {
  const posts = loadCorpus(defaultCorpusPath()).map((i) => i.text);
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    // One fixture post in five; the rest is everyday text.
    const line = i % 5 === 0 ? posts[(i / 5) % posts.length]! : FILLER[i % FILLER.length]!;
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  return lines;
}

const seconds = (fn: () => void): number => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
};

const ROUNDS = 7;
const GOAL = 0.25;

export default async function run(): Promise<BenchResult[]> {
  await mkdir(WORK, { recursive: true });
  const lexicon = defaultLexicon();
  const lines = buildCorpus();
  const corpusFile = path.join(WORK, 'text-corpus.txt');
  const termsFile = path.join(WORK, 'terms.txt');
  const text = `${lines.join('\n')}\n`;
  await writeFile(corpusFile, text);
  await writeFile(termsFile, `${[...new Set(lexicon.matcher.foldedTerms)].join('\n')}\n`);
  const mb = Buffer.byteLength(text) / 1e6;

  const grep = () => {
    const r = spawnSync('grep', ['-F', '-c', '-f', termsFile, corpusFile], {
      env: { LC_ALL: 'C.UTF-8' },
      encoding: 'utf8',
    });
    if (r.status !== 0 && r.status !== 1) throw new Error(`grep failed: ${r.stderr}`);
  };
  let flags = 0;
  let entities = 0;
  const ours = () => {
    flags = 0;
    entities = 0;
    for (const line of lines) {
      const signals = detectTextSignals(line, { lexicon });
      flags += signals.flags.length;
      entities += signals.entities.length;
    }
  };
  ours(); // compile the lexicon's code paths once before timing either side
  let grepSeconds = Infinity;
  let oursSeconds = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    grepSeconds = Math.min(grepSeconds, seconds(grep));
    oursSeconds = Math.min(oursSeconds, seconds(ours));
  }
  if (flags === 0 || entities === 0)
    throw new Error('the benchmark corpus produced no flags or entities: the pipeline did not run');

  // One text of the whole corpus, as `vigil triage text corpus.txt` would read it.
  const wholeSeconds = seconds(() => detectTextSignals(text, { lexicon }));

  const sample = lines.slice(0, Math.ceil(lines.length / 10));
  const sampleMb = Buffer.byteLength(sample.join('\n')) / 1e6;
  const fullSeconds = seconds(() => {
    for (const line of sample) analyzeText(line, { lexicon });
  });

  const round2 = (x: number) => Math.round(x * 100) / 100;
  const grepRate = mb / grepSeconds;
  const oursRate = mb / oursSeconds;
  const ratio = oursRate / grepRate;
  return [
    {
      name: `text indicators + entities per post (${lines.length} posts, ${round2(mb)} MB; ${flags} flags, ${entities} entities)`,
      value: round2(oursRate),
      unit: 'MB/s',
      baseline: {
        name: `grep -F -c -f terms.txt (${lexicon.matcher.foldedTerms.length} folded terms, same corpus file)`,
        value: round2(grepRate),
      },
      ratio: Math.round(ratio * 1000) / 1000,
      goal: `≥ ${GOAL}×`,
      met: ratio >= GOAL,
    },
    {
      name: 'text indicators + entities on the whole corpus as one text',
      value: round2(mb / wholeSeconds),
      unit: 'MB/s',
    },
    {
      name: 'analyzeText per post, with language identification per segment (10% sample)',
      value: round2(sampleMb / fullSeconds),
      unit: 'MB/s',
    },
  ];
}
