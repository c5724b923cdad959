/** @module Tests: folding for matching and the offset map back to the original text. */
import { describe, expect, it } from 'vitest';
import { foldTerm, normalise, normaliseToUnits, originalRange } from './normalise.js';
import { tokenize } from './tokenize.js';

const forms = (text: string) => tokenize(normalise(text).text).map((t) => t.forms);

describe('normalise', () => {
  it('folds case, NFKC compatibility forms and Latin diacritics', () => {
    expect(normalise('ＪＯＩＮ Café ﬁght').text).toBe('join cafe fight');
  });

  it('removes Arabic harakat and tatweel and unifies letter variants', () => {
    // جِهَـــاد with kasra, fatha and tatweel; أ إ آ → ا; ة → ه; ى/ی → ي; ک → ك.
    expect(normalise('جِهَـــاد').text).toBe('جهاد');
    expect(normalise('أإآ').text).toBe('ااا');
    expect(normalise('الدولة').text).toBe(normalise('الدوله').text);
    expect(normalise('ی').text).toBe('ي');
    expect(normalise('ى').text).toBe('ي');
    expect(normalise('ک').text).toBe('ك');
    expect(foldTerm('دولت اسلامیہ')).toBe(foldTerm('دولت اسلاميه'));
    expect(normalise('٢٠٢٤ ۱۲').text).toBe('2024 12');
  });

  it('folds Cyrillic and Greek look-alikes to Latin', () => {
    expect(normalise('rеcruіt').text).toBe('recruit'); // Cyrillic е and і
    expect(normalise('ΙSΙS').text).toBe('isis'); // Greek capital iota
  });

  it('drops emoji and zero-width characters inside a word but keeps a gap between words', () => {
    expect(normalise('in🔥fidels').text).toBe('infidels');
    expect(normalise('ji\u200Bhad').text).toBe('jihad');
    expect(normalise('join 🔥🔥 now').text).toBe('join   now');
    expect(normalise('join🔥').text).toBe('join ');
  });

  it('maps every folded range back to the original, including astral and combining input', () => {
    const original = 'Say 🔥 جِهَـاد and ｋｉｌｌ in🔥fidels';
    const n = normalise(original);
    const find = (folded: string) => {
      const at = n.text.indexOf(folded);
      const r = originalRange(n, at, at + folded.length);
      return original.slice(r.start, r.end);
    };
    expect(find('جهاد')).toBe('جِهَـاد');
    expect(find('kill')).toBe('ｋｉｌｌ');
    expect(find('infidels')).toBe('in🔥fidels');
  });
});

describe('tokenize', () => {
  it('reads leetspeak only in tokens that mix letters with digits or symbols', () => {
    expect(forms('j1h4d 2024 isl@mic $tate')).toEqual([
      ['j1h4d', 'jihad'],
      ['2024'],
      ['isl@mic', 'islamic'],
      ['tate'],
    ]);
  });

  it('offers Arabic words without their proclitics', () => {
    const [word] = forms('والدولة');
    expect(word).toEqual(expect.arrayContaining(['والدوله', 'الدوله', 'دوله']));
    // Too short to strip: "ولد" stays whole.
    expect(forms('ولد')[0]).toEqual(['ولد']);
  });
});

describe('normalise: buffers and string building', () => {
  it('writes the offset map of the identical prefix once folding stops being one-to-one', () => {
    // The first 10 units fold one-to-one (no map written yet), then a harakah moves offsets.
    const original = 'كتب الكتاب الدَّولة';
    const n = normalise(original);
    expect(n.identity).toBe(false);
    expect(n.text).toBe('كتب الكتاب الدوله');
    for (let k = 0; k < 10; k++)
      expect(originalRange(n, k, k + 1)).toEqual({ start: k, end: k + 1 });
    const at = n.text.indexOf('الدوله');
    expect(
      original.slice(originalRange(n, at, at + 6).start, originalRange(n, at, at + 6).end),
    ).toBe('الدَّولة');
  });

  it('keeps lone surrogates and astral letters exactly (no replacement character)', () => {
    expect(normalise('ة\uD800x').text).toBe('ه\uD800x');
    expect(normalise('ة\uDC00').text).toBe('ه\uDC00');
    expect(normalise('ة 𝐉𝐨𝐢𝐧').text).toBe('ه join');
    expect(normalise('ة 😀x').text).not.toContain('\uFFFD');
  });
});

describe('normaliseToUnits', () => {
  it('gives the units, text and offset map that normalise gives', () => {
    for (const original of [
      'Jоin the ДАВЛА',
      'الدَّولة الإسلامية',
      'ok 🔥 re🔥cruit',
      'ＪＯＩＮ',
      'plain',
    ]) {
      const expected = normalise(original);
      const { normalised, units, length } = normaliseToUnits(original);
      expect(String.fromCharCode(...units.subarray(0, length))).toBe(expected.text);
      // Read the map before the text: each read folds again into the shared buffers.
      for (let k = 0; k < length; k++)
        expect(originalRange(normalised, k, k + 1)).toEqual(originalRange(expected, k, k + 1));
      expect(normalised.text).toBe(expected.text);
      expect(normalised.identity).toBe(expected.identity);
    }
  });
});
