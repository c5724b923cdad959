/** @module Tests: indicators with explanations, exclusions and language over real lexicon data. */
import { describe, expect, it } from 'vitest';
import { analyzeText, detectTextSignals } from './analyze-text.js';
import { compileLexicon } from './indicators.js';
import { validateLexicon } from './lexicon-loader.js';

const rules = (text: string) => analyzeText(text).flags.map((f) => f.rule);

describe('analyzeText', () => {
  it('explains a recruitment flag with spans into the original text, language, weight and version', () => {
    const text = 'Brothers, j0in the Isl@mic St4te today!';
    const result = analyzeText(text);
    const flag = result.flags.find((f) => f.rule === 'en.recruitment.cta-near-group');
    expect(flag).toBeDefined();
    expect(flag!.category).toBe('recruitment');
    expect(flag!.language).toBe('en');
    expect(flag!.weight).toBe(0.75);
    expect(flag!.status).toBe('suggested');
    expect(flag!.lexiconVersion).toBe(result.engine.lexiconVersion);
    for (const span of flag!.spans) expect(text.slice(span.start, span.end)).toBe(span.text);
    expect(flag!.spans.map((s) => s.text)).toEqual(['j0in the', 'Isl@mic St4te']);
    expect(result.categories.recruitment).toBe(flag!.score);
  });

  it('matches through emoji splitting, homoglyphs and Arabic diacritics, reporting original spans', () => {
    const en = analyzeText('kill the in🔥fidеls'); // Cyrillic е, emoji inside the word
    expect(en.flags[0]?.spans[0]?.text).toBe('kill the in🔥fidеls');
    const ar = analyzeText('اُقْتُلُوا الكُفَّار');
    expect(ar.flags.map((f) => f.category)).toContain('incitement');
    expect(ar.flags[0]?.spans[0]?.text).toBe('اُقْتُلُوا الكُفَّار');
  });

  it('covers Arabic, Urdu, Indonesian, Malay and Tagalog', () => {
    expect(rules('انضموا إلى الدولة الإسلامية يا شباب')).toContain('ar.recruitment.cta-near-group');
    expect(rules('بھائیو، تحریک طالبان پاکستان میں شامل ہو جاؤ')).toContain(
      'ur.recruitment.cta-near-group',
    );
    expect(rules('Ayo bergabung dengan Daulah Islamiyah sekarang juga')).toContain(
      'idms.recruitment.cta-near-group',
    );
    expect(rules('Salurkan derma anda untuk mujahidin di sana')).toContain(
      'idms.financing.donation-near-target',
    );
    expect(rules('Sumali na kayo sa Dawlah Islamiyah mga kapatid')).toContain(
      'tl.recruitment.cta-near-group',
    );
  });

  it('does not flag news reporting or counter-speech about the same group', () => {
    const news = analyzeText(
      'Police said three men were arrested on suspicion of joining the Islamic State.',
    );
    expect(news.flags).toEqual([]);
    expect(news.suppressed[0]?.exclusions.map((e) => e.kind)).toContain('news_reporting');
    const counter = analyzeText(
      'We condemn anyone who tells young people to join ISIS. Not in my name.',
    );
    expect(counter.flags).toEqual([]);
    expect(counter.suppressed[0]?.exclusions.map((e) => e.kind)).toContain('counter_speech');
  });

  it('attenuates an attributed quotation but not the same words unquoted', () => {
    const plain = analyzeText('Kill the infidels wherever you find them.');
    const quoted = analyzeText('The preacher said "kill the infidels" and the crowd left.');
    expect(plain.flags[0]?.score).toBe(0.7);
    const all = [...quoted.flags, ...quoted.suppressed];
    expect(all[0]?.exclusions.map((e) => e.kind)).toEqual(['quotation', 'quotation']);
    expect(all[0]!.score).toBeLessThan(0.2);
  });

  it('reports a proximity rule only when the parts are within the stated distance', () => {
    const lexicon = compileLexicon(
      validateLexicon({ lexicon: 't', version: '0.1.0', threshold: 0.1, files: ['a.yaml'] }, [
        {
          name: 'a.yaml',
          data: {
            language: 'en',
            sets: [
              { id: 'cta', terms: ['join'] },
              { id: 'grp', terms: ['blue front'] },
            ],
            rules: [
              {
                id: 'near',
                category: 'recruitment',
                weight: 0.5,
                near: { a: 'cta', b: 'grp', within: 2 },
              },
            ],
          },
        },
      ]),
    );
    expect(analyzeText('join the new blue front', { lexicon }).flags).toHaveLength(1);
    expect(analyzeText('join the very new bright blue front', { lexicon }).flags).toHaveLength(0);
    const twice = analyzeText('join the blue front. later: join blue front', { lexicon });
    expect(twice.flags[0]?.hits).toBe(2);
    expect(twice.flags[0]?.score).toBe(0.75); // 1 − (1 − 0.5)²
  });

  it('leaves ordinary text unflagged and identifies languages per segment', () => {
    const r = analyzeText(
      'The library opens at nine on Tuesday and closes early on Friday.\nAng aklatan ay bukas tuwing Martes ng umaga hanggang gabi.',
    );
    expect(r.flags).toEqual([]);
    expect(r.segments.map((s) => s.language)).toEqual(['en', 'tl']);
  });

  it('explains a long text as it explains each of its posts', () => {
    const post = 'Brothers, j0in the Isl@mic St4te today!';
    const news = 'Police said three men were arrested on suspicion of joining the Islamic State.';
    // Far more neutral words between posts than any rule or exclusion reaches.
    const gapWords = ' market'.repeat(250);
    const lines = Array.from({ length: 300 }, (_, k) => (k % 3 === 2 ? news : post) + gapWords);
    const text = lines.join('\n');
    const flag = analyzeText(text).flags.find((f) => f.rule === 'en.recruitment.cta-near-group');
    const single = analyzeText(post).flags.find((f) => f.rule === 'en.recruitment.cta-near-group');
    const attenuated = analyzeText(news).suppressed[0]!;
    expect(flag!.hits).toBe(300);
    for (const span of flag!.spans) expect(text.slice(span.start, span.end)).toBe(span.text);
    const count = (t: string) => flag!.spans.filter((s) => s.text === t).length;
    expect(count('j0in the')).toBe(200);
    expect(count('Isl@mic St4te')).toBe(200);
    expect(flag!.spans.slice(0, 2).map((s) => s.text)).toEqual(single!.spans.map((s) => s.text));
    // 200 full hits and 100 attenuated ones, exactly as the posts score alone.
    const keep = (1 - single!.weight) ** 200 * (1 - attenuated.score) ** 100;
    expect(flag!.score).toBeCloseTo(1 - keep, 3);
    expect(flag!.exclusions.map((e) => e.kind)).toContain('news_reporting');
  });
  it('lists each span once, in short and long texts alike, when hits share a part', () => {
    // Two calls to action near one group name: both hits name the same group span.
    const post = 'Join us, join the Islamic State.';
    const single = detectTextSignals(post).flags.find(
      (f) => f.rule === 'en.recruitment.cta-near-group',
    );
    expect(single).toBeDefined();
    const keys = (spans: readonly { start: number; end: number }[]) =>
      spans.map((sp) => `${sp.start}:${sp.end}`);
    expect(new Set(keys(single!.spans)).size).toBe(single!.spans.length);
    // Forty such posts far apart: past the point where spans are indexed instead of searched.
    const gap = ' market'.repeat(250);
    const text = Array.from({ length: 40 }, () => post + gap).join('\n');
    const long = detectTextSignals(text).flags.find((f) => f.rule === single!.rule)!;
    expect(long.spans.length).toBe(40 * single!.spans.length);
    expect(new Set(keys(long.spans)).size).toBe(long.spans.length);
  });
});
