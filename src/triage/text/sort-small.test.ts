/** @module Tests: the small stable sort orders exactly as the built-in stable sort does. */
import { describe, expect, it } from 'vitest';
import { sortSmall } from './sort-small.js';

describe('sortSmall', () => {
  it('matches Array.prototype.sort, ties included, on short and long arrays', () => {
    let seed = 1;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const byKey = (x: { key: number }, y: { key: number }) => x.key - y.key;
    for (let n = 0; n < 40; n++) {
      for (let round = 0; round < 25; round++) {
        // Few distinct keys: many ties, whose original order must survive.
        const items = Array.from({ length: n }, (_, id) => ({ key: Math.floor(rand() * 4), id }));
        expect(sortSmall(items.slice(), byKey)).toEqual(items.slice().sort(byKey));
      }
    }
  });

  it('sorts in place and returns the same array', () => {
    const a = [3, 1, 2];
    expect(sortSmall(a, (x, y) => x - y)).toBe(a);
    expect(a).toEqual([1, 2, 3]);
  });
});
