/** @module Tests: language identification restricted to Vigil's languages, with `und` and alternatives. */
import { describe, expect, it } from 'vitest';
import { identifyLanguage, languageSegments } from './language.js';

describe('identifyLanguage', () => {
  it.each([
    ['The committee will publish its annual report on the water supply next week.', 'en'],
    ['ستعقد اللجنة اجتماعها السنوي في المدينة الأسبوع المقبل لمناقشة الميزانية.', 'ar'],
    ['کمیٹی اگلے ہفتے شہر میں اپنا سالانہ اجلاس منعقد کرے گی اور بجٹ پر بات کرے گی۔', 'ur'],
    ['Panitia akan mengadakan rapat tahunan di kota minggu depan untuk membahas anggaran.', 'id'],
    ['Ang komite ay magsasagawa ng taunang pulong sa lungsod sa susunod na linggo.', 'tl'],
  ])('%s → %s', (text, expected) => {
    expect(identifyLanguage(text).language).toBe(expected);
  });

  it('returns und for text too short to call', () => {
    expect(identifyLanguage('ok 👍').language).toBe('und');
  });

  it('reports the Malay/Indonesian runner-up when the two are close', () => {
    const guess = identifyLanguage(
      'Kami akan pergi ke pasar besok pagi untuk membeli sayur dan buah',
    );
    expect(['id', 'ms']).toContain(guess.language);
    const other = guess.language === 'id' ? 'ms' : 'id';
    expect(guess.alternatives.map((a) => a.language)).toContain(other);
  });

  it('splits text into segments with offsets', () => {
    const text =
      'The meeting is on Tuesday at the library.\nستعقد اللجنة اجتماعها السنوي في المدينة';
    const segs = languageSegments(text);
    expect(segs.map((s) => [s.language, text.slice(s.start, s.end)])).toEqual([
      ['en', 'The meeting is on Tuesday at the library.'],
      ['ar', 'ستعقد اللجنة اجتماعها السنوي في المدينة'],
    ]);
  });
});
