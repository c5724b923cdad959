/** @module Tests: the one-pass ASCII scan gives exactly the tokens and cues of the separate passes. */
import { describe, expect, it } from 'vitest';
import { scanEntityCues } from '../entities/entity-cues.js';
import type { EntityCues } from '../entities/entity-cues.js';
import {
  ASCII_SCAN_LOWER,
  ASCII_SCAN_NOT_ASCII,
  ASCII_SCAN_UPPER,
  scanAsciiSignals,
} from './ascii-scan.js';
import { defaultLexicon } from './analyze-text.js';
import { TokenBuffer, scanTokens } from './tokenize.js';
import type { TokenStream } from './tokenize.js';

const newCues = (): EntityCues => ({ mask: 0, urlFrom: 0, emailFrom: 0, atFrom: 0, hashFrom: 0 });

const tokensOf = (s: TokenStream) => ({
  count: s.count,
  start: Array.from(s.start.subarray(0, s.count)),
  end: Array.from(s.end.subarray(0, s.count)),
  flags: Array.from(s.flags.subarray(0, s.count)),
  hash: Array.from(s.hash.subarray(0, s.count)),
  candidates: Array.from(s.candidates!.subarray(0, s.candidateCount)),
});

/** mulberry32, so a failing case can be replayed from its index. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'Join',
  'the',
  'J0in',
  'j!h@d',
  'jihad',
  'DAWLAH',
  'caliphate',
  'a',
  '2024',
  '4pm',
  '@coach_sam',
  'x@y.io',
  '#tag',
  'https://t.me/+AbCdEfGhIjKlMn',
  'www.Example.org',
  'chat.WhatsApp.com/',
  'wa.me/',
  'GB82 WEST 1234 5698 7654 32',
  'abcdefghijklmnopqrstu',
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '+44 7911 123456',
  '$',
  '!',
  '|',
  '@',
  '#',
  '/',
  '.',
  '..',
  ':',
  '://',
  '-',
  '_',
  '%',
  '+',
  '"',
  ' ',
  ' ',
  ' ',
  '\n',
  '\t',
  'e.g.',
  'a$b',
  'x|y',
  'DM',
  'bio',
];

describe('scanAsciiSignals', () => {
  const { filter } = defaultLexicon().matcher;

  it('tokenizes and cues 5,000 generated texts exactly as the separate passes do', () => {
    const rand = prng(7);
    const fused = new TokenBuffer(4);
    const separate = new TokenBuffer(4);
    for (let i = 0; i < 5_000; i++) {
      let text = '';
      const n = Math.floor(rand() * 20);
      for (let k = 0; k < n; k++) text += PIECES[Math.floor(rand() * PIECES.length)];
      const cues = newCues();
      const kind = scanAsciiSignals(text, fused, cues, filter);
      // Cues are complete whatever the text; tokens only for ASCII.
      expect({ text, ...cues }).toEqual({ text, ...scanEntityCues(text) });
      if (/[^\0-\x7f]/.test(text)) {
        expect(kind).toBe(ASCII_SCAN_NOT_ASCII);
        continue;
      }
      expect(kind).toBe(text === text.toLowerCase() ? ASCII_SCAN_LOWER : ASCII_SCAN_UPPER);
      scanTokens(text.toLowerCase(), separate, filter);
      expect({ text, ...tokensOf(fused) }).toEqual({ text, ...tokensOf(separate) });
    }
  });

  it('lists as candidates the tokens that may start a term, and leaves out the rest', () => {
    const tokens = new TokenBuffer();
    const text = 'The weather: J0in the Islamic State and join us';
    scanAsciiSignals(text, tokens, newCues(), filter);
    const listed = tokensOf(tokens).candidates.map((t) =>
      text.slice(tokens.start[t], tokens.end[t]),
    );
    // Words that start a lexicon term, and the leetspeak token, must be looked up.
    expect(listed).toEqual(expect.arrayContaining(['J0in', 'Islamic', 'join']));
    // "State" only continues "islamic state" (the matcher reaches it from "islamic"); "weather",
    // "and" and "us" start no term.
    for (const word of ['State', 'weather', 'and', 'us']) expect(listed).not.toContain(word);
  });

  it('gives up at the first unit outside ASCII', () => {
    const tokens = new TokenBuffer();
    expect(scanAsciiSignals('join the caravan é', tokens, newCues(), filter)).toBe(
      ASCII_SCAN_NOT_ASCII,
    );
    expect(scanAsciiSignals('🔥', tokens, newCues(), filter)).toBe(ASCII_SCAN_NOT_ASCII);
    expect(scanAsciiSignals('', tokens, newCues(), filter)).toBe(ASCII_SCAN_LOWER);
    expect(tokens.count).toBe(0);
  });
});
