/**
 * @module A Vigil on a temporary home with a fixed clock, for service-level tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Vigil } from '../../src/app/vigil.js';
import { openVigil } from '../../src/app/vigil.js';
import { ManualClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { tempDir } from './temp.js';

export const BASIS = {
  authority: 'Fictional District Court',
  reference: 'WR-2026-0042',
  purpose: 'identify the financiers of the fictional Lantern Circle',
  validFrom: '2026-11-01',
  validUntil: '2026-12-01',
} as const;

export async function testVigil(
  start = '2026-11-22T10:00:00Z',
  options: { config?: Record<string, unknown>; home?: string } = {},
): Promise<{ vigil: Vigil; clock: ManualClock; home: string }> {
  const home = options.home ?? tempDir('vigil-home-');
  if (options.config)
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify(options.config));
  const clock = new ManualClock(start);
  const vigil = await openVigil(loadConfig({}, { home, as: 'ana' }), { clock });
  return { vigil, clock, home };
}
