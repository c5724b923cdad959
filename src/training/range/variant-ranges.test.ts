/** @module VariantRanges: started on demand, shared, kept for the latest window, reaped, closed. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { VariantRanges, variantInteractionsFile } from './variant-ranges.js';
import type { RangeStarter } from './variant-ranges.js';

function fakeRanges(clock: ManualClock) {
  const events: string[] = [];
  let port = 9000;
  let failNext = false;
  /** A fake starter: records starts and stops instead of listening. */
  const start: RangeStarter = async ({ seed, variant, violationsFile }) => {
    await Promise.resolve();
    if (failNext) {
      failNext = false;
      throw new Error('port in use');
    }
    const url = `http://127.0.0.1:${++port}`;
    events.push(`start ${seed}/${variant} ${url} ${path.basename(path.dirname(violationsFile))}`);
    return {
      url,
      close: () => {
        events.push(`stop ${url}`);
        return Promise.resolve();
      },
    };
  };
  const ranges = new VariantRanges({
    home: '/home/vigil',
    clock,
    start,
    register: ({ url }) => {
      events.push(`register ${url}`);
      return () => events.push(`withdraw ${url}`);
    },
  });
  return { ranges, events, failOnce: () => (failNext = true) };
}

describe('VariantRanges', () => {
  it('starts one range per variant, shares it between concurrent requests and attempts', async () => {
    const clock = new ManualClock(new Date('2026-11-22T10:00:00Z'));
    const { ranges, events } = fakeRanges(clock);
    const [a, b] = await Promise.all([
      ranges.ensure('42', 'v-a', '2026-11-22T12:00:00Z'),
      ranges.ensure('42', 'v-a', '2026-11-22T11:00:00Z'),
    ]);
    expect(a).toBe(b);
    const other = await ranges.ensure('42', 'v-b', '2026-11-22T12:00:00Z');
    expect(other).not.toBe(a);
    expect(events.filter((e) => e.startsWith('start'))).toEqual([
      `start 42/v-a ${a} v-a`,
      `start 42/v-b ${other} v-b`,
    ]);
    expect(events).toContain(`register ${a}`);
    await ranges.close();
    expect(events.filter((e) => e.startsWith('stop') || e.startsWith('withdraw')).sort()).toEqual(
      [`stop ${a}`, `stop ${other}`, `withdraw ${a}`, `withdraw ${other}`].sort(),
    );
    await expect(ranges.ensure('42', 'v-a', '2026-11-22T12:00:00Z')).rejects.toThrow(/shut down/);
  });

  it('keeps a range until the latest window it serves closes, then stops and withdraws it', async () => {
    const clock = new ManualClock(new Date('2026-11-22T10:00:00Z'));
    const { ranges, events } = fakeRanges(clock);
    const url = await ranges.ensure('42', 'v-a', '2026-11-22T11:00:00Z');
    await ranges.ensure('42', 'v-a', '2026-11-22T12:00:00Z');
    clock.set(new Date('2026-11-22T11:30:00Z'));
    await ranges.reap();
    expect((await ranges.running()).map((r) => r.url)).toEqual([url]);
    clock.set(new Date('2026-11-22T12:00:00Z'));
    await ranges.reap();
    expect(await ranges.running()).toEqual([]);
    expect(events.slice(-2)).toEqual([`withdraw ${url}`, `stop ${url}`]);
    // Asked again (a new window), it starts afresh.
    const again = await ranges.ensure('42', 'v-a', '2026-11-22T15:00:00Z');
    expect(again).not.toBe(url);
    await ranges.close();
  });

  it('forgets a range that failed to start, so the next request tries again', async () => {
    const clock = new ManualClock(new Date('2026-11-22T10:00:00Z'));
    const { ranges, failOnce } = fakeRanges(clock);
    failOnce();
    await expect(ranges.ensure('42', 'v-a', '2026-11-22T12:00:00Z')).rejects.toThrow('port in use');
    await expect(ranges.ensure('42', 'v-a', '2026-11-22T12:00:00Z')).resolves.toMatch(
      /^http:\/\/127\.0\.0\.1:\d+$/,
    );
    await ranges.close();
  });

  it('gives each variant its own interaction log under the home', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-vr-'));
    try {
      const a = variantInteractionsFile(home, '42', 'v-a');
      const b = variantInteractionsFile(home, '42', 'v-b');
      expect(a).not.toBe(b);
      expect(a.startsWith(path.join(home, 'range', 'variants'))).toBe(true);
      // A hostile id cannot climb out of the home.
      expect(variantInteractionsFile(home, '../..', '../x').startsWith(home)).toBe(true);
      for (const [seed, variant] of [
        ['..', '..'],
        ['../..', '../x'],
        ['.', 'a/../../b'],
      ] as const)
        expect(path.relative(home, variantInteractionsFile(home, seed, variant))).toMatch(
          /^range\/variants\/[^/]+\/[^/]+\/interactions\.jsonl$/,
        );
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
