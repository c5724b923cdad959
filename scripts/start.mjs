// `npm start`: installs what is missing (npm packages, Debian's Chromium and tools), builds, then
// starts Vigil on the embedded default (SQLite + files under $VIGIL_HOME or ~/.local/share/vigil):
// the workbench server on 127.0.0.1:8080 and the training range on 127.0.0.1:8787, allow-listed
// for capture. Extra arguments go to `vigil serve` (e.g. `npm start -- --port 9000`).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, ensure } from './ensure.mjs';

ensure({ web: true });
const vigil = path.join(ROOT, 'bin', 'vigil.js');
const result = spawnSync(
  process.execPath,
  [vigil, 'serve', '--range-port', '8787', ...process.argv.slice(2)],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
);
process.exitCode = result.status ?? 1;
