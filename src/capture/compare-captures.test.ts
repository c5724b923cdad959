import { describe, expect, it } from 'vitest';
import { compareCaptures, diffLines, type ComparableCapture } from './compare-captures.js';

const cap = (over: Partial<ComparableCapture>): ComparableCapture => ({
  status: 200,
  text: 'a\nb\nc',
  media: [{ url: 'http://x/1.png' }],
  removed: false,
  ...over,
});

describe('diffLines', () => {
  it('is empty for equal texts', () => {
    expect(diffLines('x\ny', 'x\ny')).toBe('');
  });

  it('marks changed lines with context and hunk heads', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n');
    const after = ['1', '2', '3', '4', 'five', '6', '7', '8', '9', '10', '11'].join('\n');
    expect(diffLines(before, after, 1)).toBe(
      ['@@ -4,3 +4,3 @@', ' 4', '-5', '+five', ' 6', '@@ -10,1 +10,2 @@', ' 10', '+11'].join('\n'),
    );
  });

  it('handles insertions in the middle with LCS, not a block replace', () => {
    expect(diffLines('a\nb\nc\nd', 'a\nb\nX\nc\nd', 0)).toBe('@@ -3,0 +3,1 @@\n+X');
  });

  it('handles non-Latin text', () => {
    expect(diffLines('سلام\nدنیا', 'سلام\nدنیا!')).toContain('+دنیا!');
  });
});

describe('compareCaptures', () => {
  it('reports nothing for identical captures', () => {
    const r = compareCaptures(cap({}), cap({}));
    expect(r).toEqual({
      changed: false,
      gone: false,
      goneReason: null,
      textDiff: '',
      mediaAdded: [],
      mediaRemoved: [],
      statusBefore: 200,
      statusAfter: 200,
    });
  });

  it('reports text and media changes', () => {
    const r = compareCaptures(
      cap({}),
      cap({ text: 'a\nB\nc', media: [{ url: 'http://x/2.png' }] }),
    );
    expect(r.changed).toBe(true);
    expect(r.gone).toBe(false);
    expect(r.textDiff).toContain('-b');
    expect(r.textDiff).toContain('+B');
    expect(r.mediaAdded).toEqual(['http://x/2.png']);
    expect(r.mediaRemoved).toEqual(['http://x/1.png']);
  });

  it.each([
    [404, false, 'status 404'],
    [410, false, 'status 410'],
    [200, true, 'removed marker'],
  ])('status %s / marker %s → gone (%s)', (status, removed, reason) => {
    const r = compareCaptures(cap({}), cap({ status, removed }));
    expect(r).toMatchObject({ gone: true, goneReason: reason, changed: true, statusAfter: status });
  });

  it('a 500 is a change but not a deletion', () => {
    expect(compareCaptures(cap({}), cap({ status: 500 }))).toMatchObject({
      gone: false,
      changed: true,
    });
  });
});
