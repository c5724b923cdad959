#!/usr/bin/env node
// The `vigil` executable: runs the compiled CLI. `npm start` and `npm test` build it first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'vigil: not built yet; run `npm start` or `npm run build` in the Vigil folder first\n',
  );
  process.exit(1);
}
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
