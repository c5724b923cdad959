/**
 * @module Recapture comparison (SWGDE 21-F-001 §4.2: repeat acquisitions of volatile content):
 * what changed between two captures of the same URL, and whether the content is gone.
 */

/** The parts of a capture a comparison needs (a `CaptureResult` has them all). */
export interface ComparableCapture {
  status: number | null;
  text: string;
  media: readonly { url: string }[];
  /** The site profile's "removed" marker matched. */
  removed: boolean;
}

export interface CaptureComparison {
  changed: boolean;
  gone: boolean;
  /** Why `gone` is true: `status 404`, `status 410`, `removed marker`. */
  goneReason: string | null;
  /** Line-based diff, unified style: ` ` kept, `-` only before, `+` only after, `@@` hunk heads. */
  textDiff: string;
  mediaAdded: string[];
  mediaRemoved: string[];
  statusBefore: number | null;
  statusAfter: number | null;
}

const GONE_STATUSES = new Set([404, 410]);

/**
 * Compares an earlier capture `a` with a later capture `b` of the same URL.
 *
 * @example
 * const { changed, gone } = compareCaptures(first, second);
 */
export function compareCaptures(a: ComparableCapture, b: ComparableCapture): CaptureComparison {
  const before = new Set(a.media.map((m) => m.url));
  const after = new Set(b.media.map((m) => m.url));
  const mediaAdded = [...after].filter((u) => !before.has(u)).sort();
  const mediaRemoved = [...before].filter((u) => !after.has(u)).sort();
  const textDiff = diffLines(a.text, b.text);
  const goneReason =
    b.status !== null && GONE_STATUSES.has(b.status)
      ? `status ${b.status}`
      : b.removed
        ? 'removed marker'
        : null;
  const changed =
    textDiff !== '' ||
    mediaAdded.length > 0 ||
    mediaRemoved.length > 0 ||
    a.status !== b.status ||
    a.removed !== b.removed;
  return {
    changed,
    gone: goneReason !== null,
    goneReason,
    textDiff,
    mediaAdded,
    mediaRemoved,
    statusBefore: a.status,
    statusAfter: b.status,
  };
}

type Op = { kind: ' ' | '-' | '+'; line: string };

// Above this many line pairs the quadratic LCS table is too big; fall back to a prefix/suffix
// trim, which still shows every changed line (as one block) and never hides a change.
const MAX_CELLS = 4_000_000;

/** Line-based diff; empty string when the texts are equal. Three lines of context per hunk. */
export function diffLines(before: string, after: string, context = 3): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const ops: Op[] = [
    ...a.slice(0, start).map((line) => ({ kind: ' ' as const, line })),
    ...lcsOps(midA, midB),
    ...a.slice(endA).map((line) => ({ kind: ' ' as const, line })),
  ];
  return hunks(ops, context);
}

function lcsOps(a: readonly string[], b: readonly string[]): Op[] {
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) {
    return [
      ...a.map((line) => ({ kind: '-' as const, line })),
      ...b.map((line) => ({ kind: '+' as const, line })),
    ];
  }
  const w = b.length + 1;
  const table = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * w + j] =
        a[i] === b[j]
          ? table[(i + 1) * w + j + 1]! + 1
          : Math.max(table[(i + 1) * w + j]!, table[i * w + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (table[(i + 1) * w + j]! >= table[i * w + j + 1]!) {
      ops.push({ kind: '-', line: a[i++]! });
    } else {
      ops.push({ kind: '+', line: b[j++]! });
    }
  }
  while (i < a.length) ops.push({ kind: '-', line: a[i++]! });
  while (j < b.length) ops.push({ kind: '+', line: b[j++]! });
  return ops;
}

function hunks(ops: readonly Op[], context: number): string {
  const keep = new Array<boolean>(ops.length).fill(false);
  ops.forEach((op, k) => {
    if (op.kind === ' ') return;
    for (let c = Math.max(0, k - context); c <= Math.min(ops.length - 1, k + context); c++)
      keep[c] = true;
  });
  const out: string[] = [];
  let lineA = 1;
  let lineB = 1;
  let k = 0;
  while (k < ops.length) {
    if (!keep[k]) {
      if (ops[k]!.kind !== '+') lineA++;
      if (ops[k]!.kind !== '-') lineB++;
      k++;
      continue;
    }
    const startA = lineA;
    const startB = lineB;
    const body: string[] = [];
    while (k < ops.length && keep[k]) {
      const op = ops[k]!;
      body.push(`${op.kind}${op.line}`);
      if (op.kind !== '+') lineA++;
      if (op.kind !== '-') lineB++;
      k++;
    }
    out.push(`@@ -${startA},${lineA - startA} +${startB},${lineB - startB} @@`, ...body);
  }
  return out.join('\n');
}
