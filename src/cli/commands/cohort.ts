/**
 * @module `vigil cohort create|list|show|enrol|assign|dashboard|override` (issue 9): a trainer
 * runs a cohort on the local store without the web UI, through the same cohort desk as the
 * server's routes. The acting user (`--as`, VIGIL_USER) acts with their account's role; a local
 * operator without an account acts as a trainer of the cohorts they create.
 */
import type { Command } from 'commander';
import type { Principal, Role } from '../../cases/access.js';
import { forbidden } from '../../core/errors.js';
import { cohortServiceFor } from '../../app/training-desk.js';
import type { CohortService } from '../../training/cohorts/cohort-service.js';
import type { CliContext } from '../context.js';
import { table } from '../format.js';
import { writeFileAtomic } from '../write-file.js';

const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

export function registerCohortCommands(program: Command, context: CliContext): void {
  const desk = async (command: Command): Promise<{ service: CohortService; actor: Principal }> => {
    const vigil = await context.vigil(command);
    const name = vigil.config.user;
    const account = (await vigil.access.listUsers()).find((u) => u.name === name);
    const role: Role = account ? account.role : 'trainer';
    if (account?.disabled) throw forbidden(`the account ${name} is disabled`);
    if (role !== 'trainer' && role !== 'admin')
      throw forbidden(`${name} is a ${role}; cohorts are run by trainers and administrators`, {
        hint: 'act as a trainer with --as NAME',
      });
    return { service: cohortServiceFor(vigil), actor: { name, role } };
  };

  const cohort = program
    .command('cohort')
    .description('training cohorts: enrolments, assignments, results (issue 9, R24–R25)');

  cohort
    .command('create')
    .description('create a cohort; its trainees share the range seed, each on their own variant')
    .requiredOption('--name <name>', 'e.g. "CT-OSINT 2026/3"')
    .option('--seed <n>', 'range seed (default: random)')
    .action(async (options: { name: string; seed?: string }, command: Command) => {
      const { service, actor } = await desk(command);
      const created = await service.createCohort(actor, {
        name: options.name,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      });
      context.output(command, created, (c) => `${c.id} created: ${c.name} (seed ${c.seed})`);
    });

  cohort
    .command('list')
    .description('the cohorts you manage')
    .action(async (_options: unknown, command: Command) => {
      const { service, actor } = await desk(command);
      const cohorts = await service.listCohorts(actor);
      context.output(command, cohorts, (rows) =>
        rows.length === 0
          ? 'no cohorts yet: `vigil cohort create --name NAME`'
          : table(
              ['id', 'name', 'seed', 'created by', 'created'],
              rows.map((c) => [c.id, c.name, c.seed, c.createdBy, c.createdAt]),
            ),
      );
    });

  cohort
    .command('show')
    .description('a cohort with its enrolments and assignments')
    .argument('<cohort>', 'COH-n')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { service, actor } = await desk(command);
      const detail = await service.cohortDetail(actor, id);
      context.output(command, detail, (d) =>
        [
          `${d.id}: ${d.name} (seed ${d.seed}, by ${d.createdBy})`,
          '',
          'Trainees:',
          ...d.enrolments.map((e) => `  ${e.trainee}  variant ${e.variant}`),
          '',
          'Assignments:',
          ...d.assignments.map((a) => `  ${a.id}  ${a.scenario}  ${a.opensAt} → ${a.closesAt}`),
        ].join('\n'),
      );
    });

  cohort
    .command('enrol')
    .description('enrol trainee accounts; each gets an unguessable range variant (R24)')
    .argument('<cohort>', 'COH-n')
    .requiredOption(
      '--trainee <name>',
      'a trainee account (repeatable, or comma-separated)',
      collect,
    )
    .action(async (id: string, options: { trainee: string[] }, command: Command) => {
      const { service, actor } = await desk(command);
      const enrolled = await service.enrol(actor, id, options.trainee);
      context.output(command, { enrolments: enrolled }, (r) =>
        r.enrolments.map((e) => `${e.trainee} enrolled in ${id}: variant ${e.variant}`).join('\n'),
      );
    });

  cohort
    .command('assign')
    .description('assign a scenario pack with a time window; nothing is accepted outside it')
    .argument('<cohort>', 'COH-n')
    .requiredOption('--scenario <name>', 'scenario pack name (`vigil range scenarios`)')
    .requiredOption('--opens <iso>', 'when it opens, e.g. 2026-11-23T09:00:00Z')
    .requiredOption('--closes <iso>', 'when it closes')
    .action(
      async (
        id: string,
        options: { scenario: string; opens: string; closes: string },
        command: Command,
      ) => {
        const { service, actor } = await desk(command);
        const assignment = await service.assign(actor, id, {
          scenario: options.scenario,
          opensAt: options.opens,
          closesAt: options.closes,
        });
        context.output(
          command,
          assignment,
          (a) => `${a.id}: ${a.scenario} for ${id}, open ${a.opensAt} → ${a.closesAt}`,
        );
      },
    );

  cohort
    .command('dashboard')
    .description('results per trainee and criterion (overrides applied); --csv for a spreadsheet')
    .argument('<cohort>', 'COH-n')
    .option('--csv', 'print (or write with --out) the CSV export')
    .option('--out <file>', 'write the CSV to this file instead of printing it')
    .action(async (id: string, options: { csv?: boolean; out?: string }, command: Command) => {
      const { service, actor } = await desk(command);
      if (options.csv || options.out !== undefined) {
        const csv = await service.dashboardCsv(actor, id);
        if (options.out === undefined) {
          context.io.stdout.write(csv);
          return;
        }
        const written = await writeFileAtomic(options.out, csv);
        context.output(command, { out: written.path }, (r) => `${r.out} written`);
        return;
      }
      const dashboard = await service.dashboard(actor, id);
      context.output(command, dashboard, (d) =>
        table(
          ['trainee', 'assignment', 'scenario', 'status', 'score', 'passed', 'flagged', 'cert'],
          d.rows.map((r) => [
            r.trainee,
            r.assignmentId,
            r.scenario,
            r.status,
            r.score === null ? '—' : `${r.score}/${r.max ?? '?'}`,
            r.passed === null ? '—' : r.passed ? 'yes' : 'no',
            r.flagged ? 'FLAGGED' : '',
            r.certificate ? `${r.certificate.id}${r.certificate.revoked ? ' (revoked)' : ''}` : '',
          ]),
        ),
      );
    });

  cohort
    .command('override')
    .description("override one criterion of a trainee's latest submission, with a reason")
    .argument('<attempt>', 'ASG-n~trainee')
    .requiredOption('--criterion <id>', 'preservation, identification, classification, …')
    .requiredOption('--score <n>', 'the new score (0 … the criterion maximum)')
    .requiredOption('--reason <text>', 'why (kept in the append-only history)')
    .action(
      async (
        id: string,
        options: { criterion: string; score: string; reason: string },
        command: Command,
      ) => {
        const { service, actor } = await desk(command);
        const view = await service.override(actor, id, {
          criterion: options.criterion,
          score: Number(options.score),
          reason: options.reason,
        });
        context.output(command, view, (v) =>
          [
            `${v.id}: ${v.result?.score ?? '?'}/${v.result?.max ?? '?'} — ${v.result?.passed ? 'PASSED' : 'NOT PASSED'}`,
            ...v.overrides.map(
              (o) => `  ${o.at} ${o.by}: ${o.criterion} ${o.previous} → ${o.score} (${o.reason})`,
            ),
            ...(v.certificate ? [`  certificate ${v.certificate.id}`] : []),
          ].join('\n'),
        );
      },
    );
}
