// `npm test`: installs what is missing, builds, then runs every test. Vitest's last line is a plain
// `N passed, N failed` (test/support/summary-reporter.ts) that CI reads.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, ensure } from './ensure.mjs';

ensure();
const vitest = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exitCode = result.status ?? 1;
