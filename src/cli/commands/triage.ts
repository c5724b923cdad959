/**
 * @module `vigil triage text [FILE|-]`: indicators, entities and language for any text, no store
 * needed. JSON fields (`flags`, `entities`, `language`) are a stable contract (issue 5).
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CountryCode } from 'libphonenumber-js/max';
import { invalidInput } from '../../core/errors.js';
import { analyzeText } from '../../triage/text/analyze-text.js';
import type { TextAnalysis } from '../../triage/text/analyze-text.js';
import type { CliContext } from '../context.js';
import { table } from '../format.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function human(r: TextAnalysis): string {
  const lines = [
    `language: ${r.language}${r.languageAlternatives.length > 0 ? ` (close: ${r.languageAlternatives.map((a) => a.language).join(', ')})` : ''}`,
    `lexicon: ${r.engine.lexicon} ${r.engine.lexiconVersion} — every flag is a suggestion for a person to review`,
  ];
  if (r.flags.length === 0) lines.push('flags: none');
  else {
    lines.push(
      table(
        ['score', 'category', 'rule', 'lang', 'matched'],
        r.flags.map((f) => [
          f.score.toFixed(3),
          f.category,
          f.rule,
          f.language,
          f.spans.map((s) => `${s.text}@${s.start}`).join(' | '),
        ]),
      ),
    );
  }
  if (r.suppressed.length > 0) {
    lines.push(
      `suppressed by exclusions: ${r.suppressed.map((f) => `${f.rule} (${f.exclusions.map((e) => e.kind).join('+')})`).join(', ')}`,
    );
  }
  if (r.entities.length > 0) {
    lines.push(
      table(
        ['type', 'value', 'valid', 'at'],
        r.entities.map((e) => [e.type, e.value, e.valid ? 'yes' : 'NO', `${e.start}-${e.end}`]),
      ),
    );
  }
  return lines.join('\n');
}

export function registerTriageCommands(program: Command, context: CliContext): void {
  const triage = program
    .command('triage')
    .description('triage content: explainable indicators, entities, matches');
  triage
    .command('text')
    .description(
      'flag indicators and extract entities in a text file, or stdin with "-" or no FILE',
    )
    .argument('[file]', 'a UTF-8 text file, or - for stdin', '-')
    .option(
      '--region <CC>',
      'region for phone numbers written without +country code (ISO 3166-1, e.g. ID)',
    )
    .action(async (file: string, options: { region?: string }, command: Command) => {
      let text: string;
      if (file === '-') text = await readStdin();
      else {
        try {
          text = await readFile(file, 'utf8');
        } catch (cause) {
          throw invalidInput(`cannot read ${file}`, {
            cause,
            hint: 'give a readable UTF-8 text file, or - for stdin',
          });
        }
      }
      const region = options.region?.toUpperCase();
      if (region !== undefined && !/^[A-Z]{2}$/.test(region)) {
        throw invalidInput(`--region ${options.region} is not a two-letter region code`, {
          hint: 'e.g. --region ID',
        });
      }
      const result = analyzeText(
        text,
        region === undefined ? {} : { defaultRegion: region as CountryCode },
      );
      context.output(command, result, human);
    });
}
