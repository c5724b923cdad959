/**
 * @module `vigil case …`: create, list, show, close, and add legal bases.
 */
import type { Command } from 'commander';
import type { LegalBasisInput } from '../../cases/legal-basis.js';
import type { CaseView, LegalBasis } from '../../cases/types.js';
import type { CliContext } from '../context.js';
import { invalidInput } from '../../core/errors.js';
import { keyValues, table } from '../format.js';

interface BasisOptions {
  authority: string;
  reference: string;
  purpose: string;
  validFrom: string;
  validUntil: string;
  scope?: string;
  approver?: string;
}

const withBasisOptions = (command: Command): Command =>
  command
    .requiredOption(
      '--authority <authority>',
      'who granted the basis (court, prosecutor, senior officer)',
    )
    .requiredOption('--reference <reference>', 'warrant, order or authorisation number')
    .requiredOption('--purpose <purpose>', 'the purpose collection serves')
    .requiredOption(
      '--valid-from <iso8601>',
      'start of validity, e.g. 2026-11-01 or 2026-11-01T08:00:00+07:00',
    )
    .requiredOption('--valid-until <iso8601>', 'end of validity (exclusive)')
    .option('--scope <text>', 'targets and platforms covered')
    .option('--approver <name>', 'who approved it');

const basisInput = (options: BasisOptions): LegalBasisInput => ({
  authority: options.authority,
  reference: options.reference,
  purpose: options.purpose,
  validFrom: options.validFrom,
  validUntil: options.validUntil,
  scope: options.scope,
  approver: options.approver,
});

export function formatBasis(basis: LegalBasis, active: boolean): string {
  return keyValues([
    ['basis', `${basis.id}${active ? ' (valid now)' : ''}`],
    ['authority', basis.authority],
    ['reference', basis.reference],
    ['purpose', basis.purpose],
    ['scope', basis.scope],
    ['valid', `${basis.validFrom} → ${basis.validUntil}`],
    ['approver', basis.approver],
    ['approved', basis.approvedBy ? `${basis.approvedAt ?? '?'} by ${basis.approvedBy}` : null],
    ['added', `${basis.addedAt} by ${basis.addedBy}`],
  ]);
}

export function formatCase(view: CaseView): string {
  const head = keyValues([
    ['case', view.id],
    ['title', view.title],
    ['status', view.status],
    ['created', `${view.createdAt} by ${view.createdBy}`],
    [
      'closed',
      view.closedAt
        ? `${view.closedAt} by ${view.closedBy ?? '?'}: ${view.closedReason ?? ''}`
        : null,
    ],
    ['state', view.state],
    [
      'policy',
      view.policy === 'approval'
        ? 'supervisor approval before collection'
        : 'basis applies as recorded',
    ],
    [
      'collection',
      view.state === 'open' && view.activeBasisId
        ? `allowed under ${view.activeBasisId}`
        : `refused (${view.state === 'planning' ? 'planning: plan, risk assessment or approval missing' : view.state === 'closed' ? 'closed' : 'no legal basis valid now'})`,
    ],
    [
      'retention',
      view.reviewAt || view.expiresAt
        ? `review ${view.reviewAt ?? '—'}, expires ${view.expiresAt ?? '—'}${view.legalHold ? ', LEGAL HOLD' : ''}`
        : null,
    ],
  ]);
  const bases = view.legalBases.map((basis) => formatBasis(basis, basis.id === view.activeBasisId));
  return [head, ...bases].join('\n\n');
}

export function registerCaseCommands(program: Command, context: CliContext): void {
  const kase = program.command('case').description('cases and their legal bases');

  withBasisOptions(
    kase
      .command('create')
      .description('open a case under a legal basis')
      .requiredOption('--title <title>', 'case title'),
  ).action(async (options: BasisOptions & { title: string }, command: Command) => {
    const vigil = await context.vigil(command);
    const view = await vigil.cases.create(vigil.config.user, {
      title: options.title,
      basis: basisInput(options),
    });
    context.output(command, view, (v) => `Created case ${v.id}\n\n${formatCase(v)}`);
  });

  kase
    .command('list')
    .description('list cases')
    .action(async (_options: unknown, command: Command) => {
      const vigil = await context.vigil(command);
      const cases = await vigil.cases.list();
      context.output(command, { cases }, ({ cases: list }) =>
        list.length === 0
          ? 'No cases yet. Create one with `vigil case create --title … --authority … --reference … --purpose … --valid-from … --valid-until …`'
          : table(
              ['ID', 'STATUS', 'COLLECTION', 'TITLE'],
              list.map((c) => [
                c.id,
                c.status,
                c.status === 'open' && c.activeBasisId ? 'allowed' : 'refused',
                c.title,
              ]),
            ),
      );
    });

  kase
    .command('show <id>')
    .description('show a case and its legal bases')
    .action(async (id: string, _options: unknown, command: Command) => {
      const vigil = await context.vigil(command);
      context.output(command, await vigil.cases.show(id), formatCase);
    });

  kase
    .command('close <id>')
    .description('close a case; nothing more can be collected into it')
    .requiredOption('--reason <text>', 'why the case is closed')
    .action(async (id: string, options: { reason: string }, command: Command) => {
      const vigil = await context.vigil(command);
      const view = await vigil.cases.close(vigil.config.user, id, options.reason);
      context.output(command, view, (v) => `Closed case ${v.id}\n\n${formatCase(v)}`);
    });

  kase
    .command('plan <id>')
    .description(
      'record the investigation plan and risk assessment (required before collection under the approval policy, R2)',
    )
    .requiredOption('--plan <text>', 'targets, platforms, methods, personas, timeline')
    .requiredOption(
      '--risk <text>',
      'digital, physical and psychosocial risks and their mitigations',
    )
    .action(async (id: string, options: { plan: string; risk: string }, command: Command) => {
      const vigil = await context.vigil(command);
      context.output(
        command,
        await vigil.cases.recordPlan(vigil.config.user, id, options.plan, options.risk),
        formatCase,
      );
    });

  kase
    .command('retention <id>')
    .description('set the review date, the expiry of content and the legal hold (R12)')
    .option('--review <iso8601>', 'when the need to keep the content is reviewed ("" clears)')
    .option('--expires <iso8601>', 'when the content is erased unless on hold ("" clears)')
    .option('--hold', 'place a legal hold: nothing is erased while it stands')
    .option('--release-hold', 'lift the legal hold')
    .action(
      async (
        id: string,
        options: { review?: string; expires?: string; hold?: boolean; releaseHold?: boolean },
        command: Command,
      ) => {
        if (options.hold && options.releaseHold)
          throw invalidInput('--hold and --release-hold contradict each other');
        const vigil = await context.vigil(command);
        const legalHold = options.hold ? true : options.releaseHold ? false : undefined;
        context.output(
          command,
          await vigil.cases.setRetention(vigil.config.user, id, {
            reviewAt: options.review,
            expiresAt: options.expires,
            legalHold,
          }),
          formatCase,
        );
      },
    );

  const basis = kase.command('basis').description('legal bases of a case');
  basis
    .command('approve <id> <basis>')
    .description('approve a legal basis as a supervisor (four eyes: not one you recorded)')
    .action(async (id: string, basisId: string, _options: unknown, command: Command) => {
      const vigil = await context.vigil(command);
      const approved = await vigil.cases.approveBasis(vigil.config.user, id, basisId);
      context.output(
        command,
        approved,
        (b) => `Approved ${b.id} (${b.reference}) of case ${b.caseId}`,
      );
    });
  withBasisOptions(basis.command('add <id>').description('add a legal basis to a case')).action(
    async (id: string, options: BasisOptions, command: Command) => {
      const vigil = await context.vigil(command);
      const added = await vigil.cases.addBasis(vigil.config.user, id, basisInput(options));
      context.output(
        command,
        added,
        (b) => `Added legal basis ${b.id} to case ${b.caseId}\n\n${formatBasis(b, false)}`,
      );
    },
  );
}
