/**
 * @module `vigil report`, `vigil export misp|stix|graphml|gexf|mtgx|anb|csv`, `vigil import misp`,
 * `vigil preservation-request`, `vigil preservation list|extend`, `vigil redact`, and the item
 * annotations reports need (`vigil item grade|verify-record|assert|indicator`). Each `--json`
 * prints what was written with its SHA-256.
 */
import fsp from 'node:fs/promises';
import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.js';
import { CSV_LISTS } from '../../exports/csv.js';
import type { CsvList } from '../../exports/csv.js';
import type { ExportResult } from '../../exports/export-service.js';
import { EXPORT_FORMATS } from '../../exports/export-types.js';
import { exportsFor } from '../../exports/index.js';
import { DEFAULT_ALERT_DAYS } from '../../exports/preservation.js';
import type { PreservationStatus } from '../../exports/preservation.js';
import { parseRect, parseSpan } from '../../exports/redaction.js';
import type { CliContext } from '../context.js';
import { bytes, keyValues, table } from '../format.js';
import { writeFileAtomic } from '../write-file.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const list = (value: string): string[] =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

const fileSink = (file: string) => async (data: Buffer) => (await writeFileAtomic(file, data)).path;

const written = (r: ExportResult) =>
  `Wrote ${r.path ?? '(nothing)'} (${bytes(r.size)}, sha256 ${r.sha256}); disclosure to ${r.recipient} logged as event #${r.disclosure}`;

const letterPathFor = (out: string) => `${out.replace(/\.json$/i, '')}.letter.txt`;

function humanPreservations(rows: PreservationStatus[]): string {
  if (rows.length === 0) return 'No preservation requests.';
  const alerts = rows.filter((r) => r.alert).map((r) => `ALERT: ${r.alert}`);
  return [
    table(
      ['REQUEST', 'CASE', 'PROVIDER', 'SENT', 'ENDS', 'DAYS LEFT', 'STATE'],
      rows.map((r) => [
        r.id,
        r.caseId,
        r.provider,
        r.createdAt.slice(0, 10),
        r.endsAt.slice(0, 10),
        r.daysLeft,
        r.state,
      ]),
    ),
    ...alerts,
  ].join('\n');
}

export function registerExportCommands(program: Command, context: CliContext): void {
  const recipientOption = '--recipient <name>';
  const recipientHelp =
    'who receives it (required: every disclosure is logged with its recipient, R7)';

  program
    .command('report')
    .description(
      'court report PDF of a case: exhibits, method, custody, verification (logged as a disclosure)',
    )
    .requiredOption('--case <id>', 'the case')
    .requiredOption('--out <file>', 'the PDF to write')
    .option(recipientOption, recipientHelp)
    .option('--items <ids>', 'only these items, in this order (comma-separated)', list)
    .option('--working-copies', 'show redacted working copies of screenshots where they exist')
    .option('--reason <text>', 'why the report is made')
    .action(
      async (
        options: {
          case: string;
          out: string;
          recipient?: string;
          items?: string[];
          workingCopies?: boolean;
          reason?: string;
        },
        command: Command,
      ) => {
        const vigil = await context.vigil(command);
        const result = await exportsFor(vigil).reports.report(
          vigil.config.user,
          {
            caseId: options.case,
            itemIds: options.items,
            recipient: options.recipient,
            reason: options.reason,
            workingCopies: options.workingCopies,
          },
          fileSink(options.out),
        );
        context.output(command, result, (r) =>
          [
            written(r),
            r.workingCopies.length > 0
              ? `Uses ${r.workingCopies.length} redacted working copy(ies).`
              : '',
          ].join('\n'),
        );
      },
    );

  program
    .command('export')
    .description(
      'share a case as MISP, STIX 2.1, GraphML, GEXF, MTGX, ANB (i2 CSV) or CSV (logged as a disclosure)',
    )
    .argument('<format>', EXPORT_FORMATS.join('|'))
    .requiredOption('--case <id>', 'the case')
    .requiredOption('--out <file>', 'the file to write')
    .option(recipientOption, recipientHelp)
    .option('--list <list>', `for csv: ${CSV_LISTS.join(' or ')}`, 'exhibits')
    .option('--items <ids>', 'only these items (comma-separated)', list)
    .option('--reason <text>', 'why it is shared')
    .action(
      async (
        format: string,
        options: {
          case: string;
          out: string;
          recipient?: string;
          list: string;
          items?: string[];
          reason?: string;
        },
        command: Command,
      ) => {
        if (!(CSV_LISTS as readonly string[]).includes(options.list))
          throw invalidInput(`--list must be one of ${CSV_LISTS.join(', ')}`);
        const vigil = await context.vigil(command);
        const result = await exportsFor(vigil).service.exportCase(
          vigil.config.user,
          {
            caseId: options.case,
            format,
            recipient: options.recipient,
            reason: options.reason,
            list: options.list as CsvList,
            itemIds: options.items,
          },
          fileSink(options.out),
        );
        context.output(command, result, written);
      },
    );

  program
    .command('import')
    .description('import shared data into a case')
    .argument('<format>', 'misp')
    .argument('<file>', 'the MISP event JSON')
    .requiredOption('--case <id>', 'the case')
    .option('--reason <text>', 'why it is imported')
    .action(
      async (
        format: string,
        file: string,
        options: { case: string; reason?: string },
        command: Command,
      ) => {
        if (format !== 'misp')
          throw invalidInput(`cannot import "${format}"`, {
            hint: 'vigil import misp FILE --case ID',
          });
        const vigil = await context.vigil(command);
        const result = await exportsFor(vigil).service.importMisp(
          vigil.config.user,
          options.case,
          await fsp.readFile(file),
          options.reason,
        );
        context.output(
          command,
          {
            path: file,
            sha256: result.fileSha256,
            caseId: result.caseId,
            eventUuid: result.eventUuid,
            entities: result.entities,
          },
          (r) =>
            `Imported MISP event ${r.eventUuid} (sha256 ${r.sha256}) into ${r.caseId}: ${r.entities} entities`,
        );
      },
    );

  program
    .command('preservation-request')
    .description(
      'Budapest Art. 29 preservation request (JSON + letter) to a provider (logged as a disclosure)',
    )
    .requiredOption('--case <id>', 'the case')
    .requiredOption('--provider <name>', 'the service provider holding the data')
    .requiredOption(
      '--out <file>',
      'the JSON request to write (the letter goes beside it, .letter.txt)',
    )
    .option('--offence <text>', 'the offence under investigation (Art. 29(2)(b); required)')
    .option('--facts <text>', 'summary of the facts (default: case title and purpose)')
    .option('--authority <name>', 'requesting authority (default: the legal basis authority)')
    .option('--contact <text>', 'contact point (default: you)')
    .option('--location <text>', 'where the provider or its system is (Art. 29(2)(d))')
    .option('--necessity <text>', 'why preservation is necessary (Art. 29(2)(e))')
    .option('--items <ids>', 'only these items (comma-separated)', list)
    .option('--letter <file>', 'where to write the letter')
    .action(
      async (
        options: {
          case: string;
          provider: string;
          out: string;
          offence?: string;
          facts?: string;
          authority?: string;
          contact?: string;
          location?: string;
          necessity?: string;
          items?: string[];
          letter?: string;
        },
        command: Command,
      ) => {
        const vigil = await context.vigil(command);
        const result = await exportsFor(vigil).preservation.create(
          vigil.config.user,
          {
            caseId: options.case,
            provider: options.provider,
            offence: options.offence ?? '',
            facts: options.facts,
            authority: options.authority,
            contact: options.contact,
            location: options.location,
            necessity: options.necessity,
            itemIds: options.items,
          },
          {
            json: fileSink(options.out),
            letter: fileSink(options.letter ?? letterPathFor(options.out)),
          },
        );
        context.output(command, result, (r) =>
          [
            written(r),
            `Letter ${r.letter.path ?? ''} (sha256 ${r.letter.sha256})`,
            `Request ${r.id}: preservation until ${r.preserveUntil.slice(0, 10)}; see deadlines with \`vigil preservation list\``,
          ].join('\n'),
        );
      },
    );

  const preservation = program
    .command('preservation')
    .description('preservation requests and their deadlines (R21)');
  preservation
    .command('list')
    .description('requests with their deadlines; alerts for those ending soon')
    .option('--case <id>', 'only this case')
    .option(
      '--alert-days <n>',
      'alert this many days before the end',
      (v) => Number(v),
      DEFAULT_ALERT_DAYS,
    )
    .action(async (options: { case?: string; alertDays: number }, command: Command) => {
      if (!Number.isInteger(options.alertDays) || options.alertDays < 0)
        throw invalidInput('--alert-days must be a whole number of days');
      const vigil = await context.vigil(command);
      const rows = await exportsFor(vigil).preservation.list({
        caseId: options.case,
        alertDays: options.alertDays,
      });
      context.output(
        command,
        { requests: rows, alerts: rows.filter((r) => r.alert).map((r) => r.alert) },
        (r) => humanPreservations(r.requests),
      );
    });
  preservation
    .command('extend <id>')
    .description('record the 60-day extension the provider granted')
    .option('--reason <text>', 'e.g. the provider’s confirmation reference')
    .action(async (id: string, options: { reason?: string }, command: Command) => {
      const vigil = await context.vigil(command);
      const status = await exportsFor(vigil).preservation.extend(
        vigil.config.user,
        id,
        options.reason,
      );
      context.output(
        command,
        status,
        (s) => `${s.id} extended until ${s.endsAt.slice(0, 10)} (${s.daysLeft} days left)`,
      );
    });

  program
    .command('redact <item>')
    .description(
      'make a redacted working copy (screenshot rectangles, text spans); the evidence is untouched',
    )
    .option('--rect <x,y,w,h>', 'a rectangle to mask on the screenshot (repeatable)', collect, [])
    .option('--span <start-end>', 'a character range to mask in the text (repeatable)', collect, [])
    .requiredOption('--reason <text>', 'why (e.g. bystander faces and handles)')
    .action(
      async (
        itemId: string,
        options: { rect: string[]; span: string[]; reason: string },
        command: Command,
      ) => {
        const vigil = await context.vigil(command);
        const redactions = await exportsFor(vigil).redaction.redact(vigil.config.user, itemId, {
          rects: options.rect.map(parseRect),
          spans: options.span.map(parseSpan),
          reason: options.reason,
        });
        context.output(command, { redactions }, (r) =>
          r.redactions
            .map(
              (x) =>
                `Working copy ${x.derivedSha256} of ${x.sourceRole} ${x.sourceSha256} (logged as alteration)`,
            )
            .join('\n'),
        );
      },
    );

  const item =
    program.commands.find((c) => c.name() === 'item') ??
    program.command('item').description('evidence items');
  item
    .command('grade <item>')
    .description('Admiralty grading (R10) and provenance label (R20) of an item')
    .requiredOption(
      '--reliability <A-F>',
      'source reliability, A (completely reliable) … F (cannot be judged)',
    )
    .requiredOption(
      '--credibility <1-6>',
      'information credibility, 1 (confirmed) … 6 (cannot be judged)',
    )
    .option('--provenance <label>', 'public | login | consent | order')
    .option('--authorisation <ref>', 'the order or consent reference (for login, consent, order)')
    .requiredOption('--reason <text>', 'why this grade')
    .action(
      async (
        itemId: string,
        options: {
          reliability: string;
          credibility: string;
          provenance?: string;
          authorisation?: string;
          reason: string;
        },
        command: Command,
      ) => {
        const vigil = await context.vigil(command);
        const grade = await exportsFor(vigil).service.grade(vigil.config.user, itemId, {
          ...options,
          authorisationRef: options.authorisation,
        });
        context.output(command, grade, (g) =>
          keyValues([
            ['item', g.itemId],
            ['grade', `${g.reliability}${g.credibility}`],
            ['provenance', g.provenanceLabel],
            ['authorisation', g.authorisationRef],
          ]),
        );
      },
    );
  item
    .command('verify-record <item>')
    .description('record the verification of an item (R19): source, content, technical, confidence')
    .requiredOption('--source <text>', 'source analysis')
    .requiredOption('--content <text>', 'content analysis')
    .requiredOption('--technical <text>', 'technical analysis')
    .requiredOption('--confidence <level>', 'high | medium | low')
    .action(
      async (
        itemId: string,
        options: { source: string; content: string; technical: string; confidence: string },
        command: Command,
      ) => {
        const vigil = await context.vigil(command);
        const record = await exportsFor(vigil).service.recordVerification(
          vigil.config.user,
          itemId,
          options,
        );
        context.output(
          command,
          record,
          (r) => `Verification of ${r.itemId} recorded (confidence ${r.confidence}).`,
        );
      },
    );
  item
    .command('assert <item>')
    .description(
      'add a finding for the report, flagged fact or assessment (LED Art. 7); --id flags an existing one',
    )
    .option('--text <text>', 'the statement')
    .option('--kind <kind>', 'fact | assessment')
    .option('--id <n>', 'flag this existing assertion instead', (v) => Number(v))
    .action(
      async (
        itemId: string,
        options: { text?: string; kind?: string; id?: number },
        command: Command,
      ) => {
        const vigil = await context.vigil(command);
        const service = exportsFor(vigil).service;
        const assertion =
          options.id !== undefined
            ? await service.flagAssertion(vigil.config.user, options.id, options.kind ?? '')
            : await service.addAssertion(
                vigil.config.user,
                itemId,
                options.text ?? '',
                options.kind,
              );
        context.output(
          command,
          assertion,
          (a) =>
            `Assertion ${a.id} on ${a.itemId}: ${a.kind ?? 'NOT FLAGGED (the report will refuse)'}`,
        );
      },
    );
  item
    .command('indicator <item>')
    .description(
      'confirm an indicator (wallet, URL, handle) for sharing; only confirmed ones are exported',
    )
    .requiredOption(
      '--type <type>',
      'btc_address, eth_address, tron_address, url, telegram_channel, …',
    )
    .requiredOption('--value <value>', 'the indicator')
    .requiredOption('--reason <text>', 'why it is confirmed')
    .action(
      async (
        itemId: string,
        options: { type: string; value: string; reason: string },
        command: Command,
      ) => {
        const vigil = await context.vigil(command);
        const indicator = await exportsFor(vigil).service.confirmIndicator(
          vigil.config.user,
          itemId,
          options.type,
          options.value,
          options.reason,
        );
        context.output(command, indicator, (i) => `Confirmed ${i.type} ${i.value} on ${i.itemId}.`);
      },
    );
}
