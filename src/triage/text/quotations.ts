/**
 * @module Quoted ranges of an original text, for the `quotation` exclusion: a hit inside quotation
 * marks is someone's words being reported, not necessarily the poster's own.
 */

/** The closing mark of a quotation opened by `c`, or -1: " “ « „ 「 (their pairs: " ” » “ 」). */
function quoteClose(c: number): number {
  switch (c) {
    case 0x22:
      return 0x22;
    case 0x201c:
      return 0x201d;
    case 0x00ab:
      return 0x00bb;
    case 0x201e:
      return 0x201c;
    case 0x300c:
      return 0x300d;
    default:
      return -1;
  }
}

/**
 * Quoted ranges of the original text: "…", “…”, «…», „…“, 「…」. The ranges are disjoint and in
 * order; a quotation left open at a blank line (two newlines) is abandoned.
 */
export function quotedRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let close = -1;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (close >= 0) {
      if (c === close) {
        ranges.push([at, i + 1]);
        close = -1;
      } else if (c === 0x0a && text.charCodeAt(i + 1) === 0x0a) close = -1;
    } else if (c === 0x22 || c >= 0xab) {
      close = quoteClose(c);
      at = i;
    }
  }
  return ranges;
}

/** Whether `[start, end)` lies inside one of the disjoint, ordered `ranges`. */
export function insideRange(
  ranges: ReadonlyArray<[number, number]>,
  start: number,
  end: number,
): boolean {
  // The last range starting at or before `start` is the only candidate.
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]![0] <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && end <= ranges[lo - 1]![1];
}
