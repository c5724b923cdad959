/**
 * @module `npm run eval`: prints precision and recall of the text indicators per category and
 * per language, development and held-out splits apart. Usage:
 *   node dist/triage/eval/run-eval.js [--corpus FILE.yaml|FILE.jsonl] [--json]
 *   npx tsx src/triage/eval/run-eval.ts [...]
 */
import { pathToFileURL } from 'node:url';
import { defaultCorpusPath, evaluate, formatReport, loadCorpus } from './evaluate.js';
import type { EvaluationReport } from './evaluate.js';

/** Parse the arguments, run the evaluation, and return the report and its printed form. */
export function runEval(argv: readonly string[]): { report: EvaluationReport; output: string } {
  const at = argv.indexOf('--corpus');
  const corpus = at >= 0 && argv[at + 1] !== undefined ? argv[at + 1]! : defaultCorpusPath();
  const report = evaluate(loadCorpus(corpus), { corpus });
  const output = argv.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report);
  return { report, output };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.stdout.write(`${runEval(process.argv.slice(2)).output}\n`);
  } catch (error) {
    process.stderr.write(`eval failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
