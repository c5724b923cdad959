/**
 * Two `vigil` processes ingesting into the same store at once write one unbroken chain (issue 2).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_ARGS, collect, json, runVigil, spawnVigil } from './support/cli.js';
import { tempDir } from './support/temp.js';

describe('concurrent writers', () => {
  it('never fork or gap the ledger', async () => {
    const home = tempDir('vigil-concurrent-');
    const input = tempDir('vigil-concurrent-input-');
    const caseId = json<{ id: string }>(
      await runVigil(['case', 'create', ...CASE_ARGS, '--json'], { home }),
    ).id;
    const writer = async (name: string) => {
      const results = [];
      for (let round = 0; round < 4; round += 1) {
        const files = Array.from({ length: 3 }, (_, i) => {
          const file = path.join(input, `${name}-${round}-${i}.txt`);
          fs.writeFileSync(file, `${name} round ${round} file ${i}\n`);
          return file;
        });
        results.push(
          await collect(
            spawnVigil(['ingest', ...files, '--case', caseId, '--reason', name, '--json'], {
              home,
              user: name,
            }),
          ),
        );
      }
      return results;
    };
    const runs = (await Promise.all([writer('ana'), writer('bo')])).flat();
    expect(runs.map((r) => r.code)).toEqual(new Array(8).fill(0));
    const verified = await runVigil(['ledger', 'verify', '--json'], { home });
    expect(json(verified)).toMatchObject({ ok: true, firstBad: null });
    const events = json<{ events: { seq: number; action: string; actor: string }[] }>(
      await runVigil(['ledger', 'list', '--case', caseId, '--json'], { home }),
    ).events;
    const collections = events.filter((e) => e.action === 'collection');
    expect(collections).toHaveLength(24);
    expect(new Set(collections.map((e) => e.actor))).toEqual(new Set(['ana', 'bo']));
    const all = json<{ events: { seq: number }[] }>(
      await runVigil(['ledger', 'list', '--json'], { home }),
    ).events;
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
  });
});
