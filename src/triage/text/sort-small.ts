/** @module A stable in-place sort for the handful of items one text yields (flags, spans, entities). */

/**
 * Sort `a` in place, stably, exactly as `Array.prototype.sort(cmp)` does (ECMA-262 requires the
 * built-in to be stable, so both give the same order for any consistent comparator). Short arrays
 * are sorted by insertion, which avoids the built-in's set-up cost; longer ones by the built-in.
 *
 * @example
 * sortSmall([3, 1, 2], (x, y) => x - y); // [1, 2, 3]
 */
export function sortSmall<T>(a: T[], cmp: (x: T, y: T) => number): T[] {
  if (a.length > 16) return a.sort(cmp);
  for (let i = 1; i < a.length; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= 0 && cmp(a[j]!, x) > 0) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
  return a;
}
