// `npm start`: installs what is missing (npm packages, Debian's Chromium and tools), builds, then
// starts Vigil on the embedded default (SQLite + files under $VIGIL_HOME or ~/.local/share/vigil).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, ensure } from './ensure.mjs';

ensure();
const vigil = path.join(ROOT, 'bin', 'vigil.js');
const result = spawnSync(process.execPath, [vigil, 'demo', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exitCode = result.status ?? 1;
