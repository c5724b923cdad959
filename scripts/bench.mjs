// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and prints each
// figure as a ratio against the baseline measured in the same run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, ensure } from './ensure.mjs';

ensure();
const wanted = process.argv.slice(2);
const files = fs
  .readdirSync(path.join(ROOT, 'bench'))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
  .sort();
let failed = 0;
for (const file of files) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join('bench', 'runner.ts'), path.join('bench', file)],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
