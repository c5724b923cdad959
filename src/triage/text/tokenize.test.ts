/** @module Tests: the flat tokenizer's offsets, readings and hashes over mixed scripts and emoji. */
import { describe, expect, it } from 'vitest';
import { normalise, originalRange } from './normalise.js';
import {
  TOKEN_ARABIC,
  TOKEN_LEET,
  TokenBuffer,
  scanTokens,
  tokenForms,
  tokenize,
  wordHash,
} from './tokenize.js';

/** Each token of the folded text with the original slice it maps back to. */
function tokensOf(original: string) {
  const n = normalise(original);
  const stream = scanTokens(n.text);
  const out: Array<{ folded: string; original: string; flags: number }> = [];
  for (let i = 0; i < stream.count; i++) {
    const r = originalRange(n, stream.start[i]!, stream.end[i]!);
    out.push({
      folded: n.text.slice(stream.start[i], stream.end[i]),
      original: original.slice(r.start, r.end),
      flags: stream.flags[i]!,
    });
  }
  return out;
}

describe('scanTokens', () => {
  it('maps tokens of mixed Latin, Arabic, Urdu and emoji text back to the original', () => {
    const original = 'Join 🔥 الدَّولة، in🔥fidels ｋｉｌｌ پاکستان 👍🏽 ok';
    expect(tokensOf(original)).toEqual([
      { folded: 'join', original: 'Join', flags: 0 },
      { folded: 'الدوله', original: 'الدَّولة', flags: TOKEN_ARABIC },
      { folded: 'infidels', original: 'in🔥fidels', flags: 0 },
      { folded: 'kill', original: 'ｋｉｌｌ', flags: 0 },
      { folded: 'پاكستان', original: 'پاکستان', flags: TOKEN_ARABIC },
      { folded: 'ok', original: 'ok', flags: 0 },
    ]);
  });

  it('keeps astral letters (surrogate pairs) inside one token', () => {
    // 𝐣𝐨𝐢𝐧 (mathematical bold) folds to "join" by NFKC; 𐌰 (Gothic) has no fold and stays.
    expect(tokensOf('𝐣𝐨𝐢𝐧 a𐌰b')).toEqual([
      { folded: 'join', original: '𝐣𝐨𝐢𝐧', flags: 0 },
      { folded: 'a𐌰b', original: 'a𐌰b', flags: 0 },
    ]);
  });

  it('admits leetspeak symbols only between word units and flags leet tokens', () => {
    const t = tokensOf('j!h@d @handle $5 price! 2024 l33t');
    expect(t.map((x) => [x.folded, x.flags])).toEqual([
      ['j!h@d', TOKEN_LEET],
      ['handle', 0],
      ['5', 0],
      ['price', 0],
      ['2024', 0],
      ['l33t', TOKEN_LEET],
    ]);
  });

  it('hashes each token surface as wordHash does', () => {
    const text = normalise('Brothers j0in الدولة').text;
    const stream = scanTokens(text);
    for (let i = 0; i < stream.count; i++) {
      expect(stream.hash[i]).toBe(wordHash(text.slice(stream.start[i], stream.end[i])));
    }
  });

  it('reuses a buffer across texts without leaking tokens of the previous one', () => {
    const buffer = new TokenBuffer(2);
    const long = scanTokens('one two three four five six', buffer);
    expect(long.count).toBe(6);
    const short = scanTokens('alpha', buffer);
    expect(short.count).toBe(1);
    expect([short.start[0], short.end[0]]).toEqual([0, 5]);
    expect(scanTokens('', buffer).count).toBe(0);
  });

  it('agrees with tokenize and spells out every reading', () => {
    const text = normalise('والدولة j1h4d لل').text;
    const stream = scanTokens(text);
    const objects = tokenize(text);
    expect(objects.map((t) => [t.start, t.end])).toEqual(
      Array.from({ length: stream.count }, (_, i) => [stream.start[i], stream.end[i]]),
    );
    // Proclitics are tried longest first: وال, then و.
    expect(tokenForms(text, stream, 0)).toEqual(['والدوله', 'دوله', 'الدوله']);
    expect(tokenForms(text, stream, 1)).toEqual(['j1h4d', 'jihad']);
    expect(tokenForms(text, stream, 2)).toEqual(['لل']);
  });
});

describe('normalise offset map', () => {
  it('is the identity for Arabic-script text folded one unit to one unit', () => {
    const n = normalise('مكتبة کتاب');
    expect(n.identity).toBe(true);
    expect(n.text).toBe('مكتبه كتاب');
    expect(originalRange(n, 6, 10)).toEqual({ start: 6, end: 10 });
  });

  it('builds the map on demand when folding moves offsets', () => {
    const original = 'جِهَـاد ✊ ﬁght';
    const n = normalise(original);
    expect(n.identity).toBe(false);
    expect(n.text).toBe('جهاد   fight');
    expect(n.origStart.length).toBe(n.text.length);
    const at = n.text.indexOf('fight');
    const r = originalRange(n, at, at + 5);
    expect(original.slice(r.start, r.end)).toBe('ﬁght');
    const j = originalRange(n, 0, 4);
    expect(original.slice(j.start, j.end)).toBe('جِهَـاد');
  });
});
