/** @module Tests: the hand-written URL parser agrees with WHATWG `new URL` wherever it answers. */
import { describe, expect, it } from 'vitest';
import { parseSimpleUrl } from './simple-url.js';

const whatwg = (value: string) => {
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
  return { hostname: url.hostname, pathname: url.pathname, href: url.href };
};

/** A small deterministic PRNG (mulberry32) so a failure can be replayed. */
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

const PREFIXES = ['https://', 'http://', 'HTTPS://', 'hTtP://', '', 'www.', 'ftp://', 'https:///'];
const HOST_PARTS = [
  'example',
  'T',
  'me',
  'xn--p1ai',
  'XN--bcher-kva',
  'a_b',
  '-x-',
  '0x1f',
  '127',
  '1',
  'www',
  'chat',
  'WhatsApp',
  'com',
  'org',
  'ß',
  'é',
  '',
];
const HOST_SEPS = ['.', '.', '.', '..', ':', ':8080', '@', '%41', '\\'];
const REST_UNITS = [
  '/',
  '/',
  'a',
  'Z',
  '9',
  '.',
  '..',
  '%2e',
  '%2E',
  '%41',
  '%',
  '?',
  '#',
  '=',
  '&',
  '+',
  '~',
  '!',
  '$',
  "'",
  '"',
  '<',
  '>',
  '`',
  '{',
  '}',
  '^',
  '|',
  '[',
  ']',
  '\\',
  '@',
  ':',
  ';',
  ',',
  '(',
  ')',
  '*',
  '-',
  '_',
  'é',
  '🔥',
  '\t',
  ' ',
];

// Half the addresses are drawn from plain pieces only, so both paths are exercised.
const PLAIN_HOST = [
  'example',
  'T',
  'me',
  'a_b',
  '-x-',
  'www',
  'chat',
  'WhatsApp',
  'com',
  'org',
  'x1',
];
const PLAIN_REST = [
  '/',
  '/',
  'a',
  'Z',
  '9',
  '.',
  '..',
  '?',
  '#',
  '=',
  '&',
  '%41',
  '+',
  '~',
  ':',
  '@',
  '-',
];

function generate(rand: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const plain = rand() < 0.5;
  let s = pick(PREFIXES);
  const labels = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < labels; i++)
    s += (i === 0 ? '' : plain ? '.' : pick(HOST_SEPS)) + pick(plain ? PLAIN_HOST : HOST_PARTS);
  const rest = Math.floor(rand() * 8);
  for (let i = 0; i < rest; i++) s += pick(plain ? PLAIN_REST : REST_UNITS);
  return s;
}

describe('parseSimpleUrl', () => {
  it.each([
    ['https://example.org/track/12345', 'https://example.org/track/12345', '/track/12345'],
    ['T.me/Channel', 'https://t.me/Channel', '/Channel'],
    ['HTTP://WWW.Example.COM', 'http://www.example.com/', '/'],
    ['www.site.com?q=1#top', 'https://www.site.com/?q=1#top', '/'],
    ['https://a.b.co/x//y?z=/..#/.', 'https://a.b.co/x//y?z=/..#/.', '/x//y'],
  ])('parses %s like new URL', (value, href, pathname) => {
    const parts = parseSimpleUrl(value);
    expect(parts).toEqual(whatwg(value));
    expect(parts?.href).toBe(href);
    expect(parts?.pathname).toBe(pathname);
  });

  it.each([
    'https://user@example.org/',
    'https://example.org:8080/',
    'https://127.0.0.1/',
    'https://example.0x10/',
    'https://xn--p1ai.example/',
    'https://example.org/a/../b',
    'https://example.org/a/%2e%2E/b',
    'https://exa mple.org/',
    'https://example.org/a b',
    'https://example.org/é',
    "https://example.org/?q='x'",
    'https://example.org\\path',
    'ftp://example.org/',
    'https://example..org/',
    'https://example.org./',
  ])('leaves %s to the WHATWG parser', (value) => {
    expect(parseSimpleUrl(value)).toBeUndefined();
  });

  it('agrees with new URL on 40,000 generated addresses', () => {
    const rand = prng(0x5eed);
    let answered = 0;
    for (let i = 0; i < 40_000; i++) {
      const value = generate(rand);
      const parts = parseSimpleUrl(value);
      if (parts === undefined) continue;
      answered++;
      expect({ value, ...parts }).toEqual({ value, ...whatwg(value) });
    }
    // The generator must exercise the fast path, not only the fallback.
    expect(answered).toBeGreaterThan(5_000);
  });
});
