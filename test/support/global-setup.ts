/**
 * @module Builds the CLI once before the suite, so tests that spawn `vigil` run today's code.
 * Type errors do not stop the build here: `npm run check` reports them.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

export default function setup(): void {
  const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo'],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  if (result.error) throw result.error;
}
