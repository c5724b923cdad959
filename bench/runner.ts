/**
 * @module Runs one bench file and prints its figures; `scripts/bench.mjs` calls it per file.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './types.js';

const file = process.argv[2];
if (!file) throw new Error('usage: runner.ts bench/<name>.bench.ts');
const module = (await import(pathToFileURL(path.resolve(file)).href)) as {
  default: () => Promise<BenchResult[]>;
};
process.stdout.write(`\n== ${path.basename(file)}\n`);
for (const result of await module.default()) {
  const baseline = result.baseline
    ? ` vs ${result.baseline.name} ${result.baseline.value.toFixed(2)} ${result.unit}`
    : '';
  const ratio = result.ratio === undefined ? '' : ` → ratio ${result.ratio.toFixed(2)}×`;
  const goal = result.goal ? ` (goal ${result.goal}: ${result.met ? 'met' : 'NOT met'})` : '';
  process.stdout.write(
    `${result.name}: ${result.value.toFixed(2)} ${result.unit}${baseline}${ratio}${goal}\n`,
  );
}
