// Compiles src/ to dist/ and copies the data files that live beside the code (site profiles,
// lexicons, …) so the compiled modules find them where the sources do. Type errors are reported
// (and make the exit code non-zero) but tsc still emits, so `npm test` runs what compiles.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ASSET = /\.(json|ya?ml|txt|csv|html|css|svg)$/;

export function build({ quiet = false } = {}) {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo'],
    { cwd: ROOT, stdio: quiet ? 'pipe' : 'inherit' },
  );
  const copy = (from, to) => {
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isDirectory()) copy(source, target);
      else if (ASSET.test(entry.name)) {
        fs.mkdirSync(to, { recursive: true });
        fs.copyFileSync(source, target);
      }
    }
  };
  copy(path.join(ROOT, 'src'), path.join(ROOT, 'dist'));
  return result.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = build();
