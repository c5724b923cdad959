/**
 * @module `vigil retention run` and `vigil ropa`: retention enforcement and the record of
 * processing activities for the data-protection officer.
 */
import type { Command } from 'commander';
import { recordsOfProcessing } from '../../cases/records-of-processing.js';
import type { CliContext } from '../context.js';
import { keyValues, table } from '../format.js';

export function registerGovernanceCommands(program: Command, context: CliContext): void {
  const retention = program
    .command('retention')
    .description('retention review, expiry and erasure (R12)');
  retention
    .command('run')
    .description(
      'send review reminders and erase expired content not on legal hold (tombstones keep the hashes)',
    )
    .action(async (_options: unknown, command: Command) => {
      const vigil = await context.vigil(command);
      const report = await vigil.retention.sweep(vigil.config.user);
      context.output(command, report, (r) =>
        [
          `Retention run at ${r.at}`,
          r.reviewsDue.length
            ? table(
                ['CASE', 'REVIEW DUE', 'NEW'],
                r.reviewsDue.map((d) => [d.caseId, d.reviewAt, d.newlyNotified ? 'yes' : '']),
              )
            : 'No review due.',
          r.erased.length
            ? `Erased ${r.erased.length} item(s): ${r.erased.map((e) => e.itemId).join(' ')}`
            : 'Nothing erased.',
          r.held.length
            ? `Kept by legal hold: ${r.held.map((h) => `${h.caseId} (expired ${h.expiresAt})`).join(', ')}`
            : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });

  program
    .command('ropa')
    .description(
      'the record of processing activities (LED Art. 24) for the data-protection officer (R16)',
    )
    .action(async (_options: unknown, command: Command) => {
      const vigil = await context.vigil(command);
      const record = await recordsOfProcessing({
        store: vigil.store,
        ledger: vigil.ledger,
        clock: vigil.clock,
        keyId: vigil.signer.keyId,
      });
      context.output(command, record, (r) =>
        [
          r.title,
          keyValues([
            ['generated', r.generatedAt],
            ['installation key', r.controller.installationKey],
            ['ledger events', r.logging.events],
          ]),
          '\nPurposes (legal bases):',
          table(
            ['CASE', 'REFERENCE', 'AUTHORITY', 'PURPOSE'],
            r.purposes.map((p) => [p.caseId, p.reference, p.authority, p.purpose]),
          ),
          '\nCategories of data:',
          table(
            ['CATEGORY', 'ITEMS', 'DESCRIPTION'],
            r.categoriesOfData.map((c) => [c.category, c.count, c.description]),
          ),
          '\nCategories of data subjects:',
          ...r.categoriesOfDataSubjects.map((s) => `- ${s}`),
          '\nRecipients:',
          r.recipients.length
            ? table(
                ['RECIPIENT', 'DISCLOSURES', 'LAST'],
                r.recipients.map((x) => [x.recipient, x.disclosures, x.last]),
              )
            : '(none recorded)',
          '\nRetention:',
          table(
            ['CASE', 'REVIEW', 'EXPIRES', 'HOLD', 'ERASED'],
            r.retention.map((x) => [
              x.caseId,
              x.reviewAt ?? '—',
              x.expiresAt ?? '—',
              x.legalHold ? 'yes' : '',
              x.erasedItems,
            ]),
          ),
          '\nTransfers to third countries: none recorded',
          '\nSecurity measures:',
          ...r.securityMeasures.map((m) => `- ${m}`),
        ].join('\n'),
      );
    });
}
