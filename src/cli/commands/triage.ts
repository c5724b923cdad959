/**
 * @module `vigil triage text [FILE|-]`: indicators, entities and language for any text, no store
 * needed. JSON fields (`flags`, `entities`, `language`) are a stable contract (issue 5).
 * `vigil triage run|show|review|queue`: triage of stored items, on demand and as queued jobs,
 * with every result explained and reviewed by a person (R14).
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CountryCode } from 'libphonenumber-js/max';
import { invalidInput, notFound } from '../../core/errors.js';
import { analyzeText } from '../../triage/text/analyze-text.js';
import type { TextAnalysis } from '../../triage/text/analyze-text.js';
import type { Job } from '../../core/jobs.js';
import type { CliContext } from '../context.js';
import { table } from '../format.js';
import { formatJobs, formatReport, formatRuns, runCollectedTriage } from './triage-format.js';

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
          const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
          const options = { cause, hint: 'give a readable UTF-8 text file, or - for stdin' };
          throw missing
            ? notFound(`no such file: ${file}`, options)
            : invalidInput(`cannot read ${file}`, options);
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

  triage
    .command('run')
    .description(
      'triage an item, or every item of a case, now (OCR, indicators, entities, hash lists)',
    )
    .argument('[item]', 'the item to triage')
    .option('--case <id>', 'triage every item of this case')
    .option('--reason <text>', 'why triage is run again (recorded in the ledger)')
    .action(
      async (
        item: string | undefined,
        options: { case?: string; reason?: string },
        command: Command,
      ) => {
        if ((item === undefined) === (options.case === undefined)) {
          throw invalidInput('give either an ITEM or --case ID', {
            hint: 'vigil triage run I-12, or vigil triage run --case C-3',
          });
        }
        const vigil = await context.vigil(command);
        const request = {
          actor: vigil.config.user,
          trigger: 'on-demand' as const,
          ...(options.reason ? { reason: options.reason } : {}),
        };
        const runs =
          item === undefined
            ? await vigil.triage.triageCase(options.case!, request)
            : [await vigil.triage.triageItem(item, request)];
        context.output(command, { runs }, ({ runs: list }) => formatRuns(list));
      },
    );

  triage
    .command('show')
    .description(
      "an item's triage results: flags explained, matches with list provenance, entities linked across cases (logged as a consultation)",
    )
    .argument('<item>', 'the item')
    .option('--reason <text>', 'why you consult it; default: the purpose of its legal basis')
    .action(async (itemId: string, options: { reason?: string }, command: Command) => {
      const vigil = await context.vigil(command);
      // Triage results quote the evidence: reading them is a consultation (LED Art. 25).
      const item = await vigil.evidence.showItem(vigil.config.user, itemId, options.reason);
      const report = await vigil.triage.report(itemId, { actor: vigil.config.user });
      const data = {
        item: {
          id: item.id,
          caseId: item.caseId,
          name: item.name,
          mediaType: item.mediaType,
          sha256: item.sha256,
        },
        ...report,
      };
      context.output(command, data, (d) => formatReport(d.item, d));
    });

  triage
    .command('review')
    .description(
      'accept or reject a suggested flag (R14: only accepted, reviewed labels may leave Vigil)',
    )
    .argument('<item>', 'the item the flag belongs to')
    .requiredOption('--flag <id>', 'the flag, e.g. F-12 (see `vigil triage show ITEM`)')
    .option('--accept', 'the flag is right')
    .option('--reject', 'the flag is wrong')
    .requiredOption('--reason <text>', 'why you decide so (recorded in the ledger)')
    .action(
      async (
        itemId: string,
        options: { flag: string; accept?: boolean; reject?: boolean; reason: string },
        command: Command,
      ) => {
        if (Boolean(options.accept) === Boolean(options.reject)) {
          throw invalidInput('give exactly one of --accept or --reject', {
            hint: `vigil triage review ${itemId} --flag ${options.flag} --accept --reason "…"`,
          });
        }
        const vigil = await context.vigil(command);
        const flag = await vigil.triage.reviewFlag(
          vigil.config.user,
          options.flag,
          options.accept ? 'accepted' : 'rejected',
          options.reason,
          { itemId },
        );
        context.output(
          command,
          { flag },
          ({ flag: f }) =>
            `${f.id} ${f.status.toUpperCase()} by ${f.reviewedBy ?? '?'} at ${f.reviewedAt ?? '?'}: ${f.rule} (${f.category ?? 'no category'}) — logged in the ledger`,
        );
      },
    );

  triage
    .command('queue')
    .description('pending triage jobs (queued or running); --run runs them now')
    .option('--run', 'run every queued job now')
    .option('--failed', 'also list jobs that failed for good')
    .action(async (options: { run?: boolean; failed?: boolean }, command: Command) => {
      const vigil = await context.vigil(command);
      const ran = options.run ? await runCollectedTriage(vigil, null, true) : undefined;
      const isTriage = (job: Job) => job.kind === 'triage';
      const jobs = (await vigil.jobs.pending()).filter(isTriage);
      const failed = options.failed ? (await vigil.jobs.failed()).filter(isTriage) : undefined;
      context.output(
        command,
        { jobs, ...(ran ? { ran } : {}), ...(failed ? { failed } : {}) },
        (d) => formatJobs(d.jobs, d.ran, d.failed),
      );
    });
}
