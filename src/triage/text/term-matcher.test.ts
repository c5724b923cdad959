/** @module Tests: the term matcher finds the same occurrences with or without the scan's filter. */
import { describe, expect, it } from 'vitest';
import { defaultLexicon } from './analyze-text.js';
import { normalise } from './normalise.js';
import { TermMatcher } from './term-matcher.js';
import { TokenBuffer, scanTokens } from './tokenize.js';

describe('TermMatcher.find', () => {
  const { matcher } = defaultLexicon();
  const texts = [
    'Join the Islamic State, brothers. J0in th3 1sl@mic $tate!',
    'والدولة الإسلامية باقية، وللمجاهدين النصر، بالخلافة',
    'Ayo bergabung dengan Daulah Islamiyah, hijrah ke bumi Syam',
    'Sumali na sa mga mujahid, ipadala ang donasyon',
    'The weather in the city was mild today and the market stayed open.',
    'the the the join join the the state islamic state of the',
  ];

  it('finds the same occurrences from the filtered candidate list as from every token', () => {
    for (const original of texts) {
      const text = normalise(original).text;
      const filtered = matcher.find(text, scanTokens(text, new TokenBuffer(), matcher.filter));
      const full = matcher.find(text, scanTokens(text, new TokenBuffer()));
      expect({ original, filtered }).toEqual({ original, filtered: full });
    }
    // The lexicon does match these texts: the comparison is not between two empty lists.
    const first = normalise(texts[0]!).text;
    expect(matcher.find(first, scanTokens(first)).length).toBeGreaterThan(2);
  });

  it('does not trust a candidate list built for another matcher', () => {
    const other = new TermMatcher();
    other.add('s', 'weather');
    const text = 'the weather';
    const tokens = scanTokens(text, new TokenBuffer(), matcher.filter);
    // Built with the shipped lexicon's filter, which rules "weather" out: `other` must look anyway.
    expect(other.find(text, tokens)).toEqual([{ set: 0, tokenStart: 1, tokenEnd: 2 }]);
  });

  it('leaves no word id behind for the next text', () => {
    const a = normalise('join the islamic state').text;
    const b = normalise('state of the weather').text;
    const buf = new TokenBuffer();
    matcher.find(a, scanTokens(a, buf, matcher.filter));
    const after = matcher.find(b, scanTokens(b, buf, matcher.filter));
    const fresh = new TermMatcher();
    expect(after).toEqual(matcher.find(b, scanTokens(b)));
    expect(fresh.find(b, scanTokens(b))).toEqual([]);
  });
});
