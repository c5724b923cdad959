/**
 * @module `vigil assess` and `vigil cert issue|verify|revoke|list|pdf` (issue 9). Stable
 * contract: assess --json prints `score`, `max`, `passed`, `criteria[]` (`id`, `score`, `max`,
 * `feedback`); cert verify --json prints `ok`, `checks`, `revoked`.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEFAULT_CHROMIUM_CANDIDATES, findChromium } from '../../capture/chromium.js';
import { invalidInput } from '../../core/errors.js';
import { trainingRepositoryFor } from '../../store/sqlite/training-repository.js';
import { assessFiles } from '../../training/assessment/assess.js';
import type { AssessmentResult } from '../../training/assessment/assessment-types.js';
import {
  certificateServiceFor,
  readStatusList,
  renderCertificatePdf,
} from '../../training/certificates/index.js';
import type { CertVerifyResult, CertificateService } from '../../training/certificates/index.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { table } from '../format.js';
import { writeFileAtomic } from '../write-file.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function humanAssessment(r: AssessmentResult): string {
  return [
    `${r.scenario} (seed ${r.seed}, variant ${r.variant}): ${r.score}/${r.max} — ${r.passed ? 'PASSED' : 'NOT PASSED'}`,
    ...r.flags.map((f) => `  FLAGGED: ${f}`),
    '',
    ...r.criteria.flatMap((c) => [`  ${c.id}: ${c.score}/${c.max}`, `    ${c.feedback}`]),
  ].join('\n');
}

function humanVerify(r: CertVerifyResult): string {
  return [
    r.ok ? 'VALID certificate' : r.revoked === true ? 'REVOKED certificate' : 'INVALID certificate',
    `  ${r.recipient ?? '?'} — ${r.achievement ?? '?'} (issuer ${r.issuer ?? '?'})`,
    '',
    ...r.checks.map((c) => `  [${c.ok ? 'ok' : 'XX'}] ${c.name}: ${c.detail}`),
  ].join('\n');
}

async function readJsonFile(file: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw invalidInput(`${file} cannot be read as JSON`, {
      cause,
      hint: 'give the credential .json file written by `vigil cert issue`',
    });
  }
}

export function registerTrainingCommands(program: Command, context: CliContext): void {
  const certificates = async (command: Command): Promise<CertificateService> => {
    const vigil = await context.vigil(command);
    return certificateServiceFor({
      home: vigil.config.home,
      repository: trainingRepositoryFor(vigil.store),
      clock: vigil.clock,
    });
  };

  program
    .command('assess')
    .description(
      "score a trainee's packages and answers against a scenario's rubric, offline (R25)",
    )
    .argument('<packages...>', "the trainee's .wacz packages")
    .requiredOption('--scenario <name>', 'scenario pack name')
    .requiredOption('--seed <n>', 'range seed')
    .requiredOption('--variant <id>', "the trainee's range variant (R24)")
    .option('--answers <file>', 'answers JSON: categories, wallets, handles, entities, tasks')
    .option('--interactions <file>', "the range's interaction log (passive-mode violations)")
    .option(
      '--other-variants <ids>',
      'comma-separated variants of the other trainees (flags shared answers, R24)',
    )
    .action(
      async (
        packages: string[],
        options: {
          scenario: string;
          seed: string;
          variant: string;
          answers?: string;
          interactions?: string;
          otherVariants?: string;
        },
        command: Command,
      ) => {
        const result = await assessFiles({
          packages,
          scenario: options.scenario,
          seed: options.seed,
          variant: options.variant,
          answersFile: options.answers,
          interactionsFile: options.interactions,
          otherVariants: options.otherVariants
            ?.split(',')
            .map((v) => v.trim())
            .filter(Boolean),
        });
        const { flags, scenario, seed, variant, ...contract } = result;
        context.output(command, { ...contract, flags, scenario, seed, variant }, () =>
          humanAssessment(result),
        );
      },
    );

  const cert = program
    .command('cert')
    .description('Open Badges 3.0 certificates signed by the training centre (R26)');
  cert
    .command('issue')
    .description('issue a signed OpenBadgeCredential for a scenario or a course')
    .requiredOption('--name <name>', "the recipient's name as it reads on the certificate")
    .requiredOption('--achievement <scenario|course>', 'a scenario pack name, or a course title')
    .requiredOption('--out <file.json>', 'where to write the credential')
    .option('--result <text>', 'assessment result shown on the certificate, e.g. 92/100')
    .option('--valid-from <iso>', 'when it takes effect (default now)')
    .option('--valid-until <iso>', 'when it expires (default never)')
    .option('--pdf <file.pdf>', 'also print the certificate (Chromium)')
    .action(
      async (
        options: {
          name: string;
          achievement: string;
          out: string;
          result?: string;
          validFrom?: string;
          validUntil?: string;
          pdf?: string;
        },
        command: Command,
      ) => {
        const service = await certificates(command);
        const vigil = await context.vigil(command);
        const { certificate, credential } = await service.issue({
          actor: vigil.config.user,
          recipient: options.name,
          achievement: options.achievement,
          ...(options.result === undefined ? {} : { result: options.result }),
          ...(options.validFrom === undefined ? {} : { validFrom: options.validFrom }),
          ...(options.validUntil === undefined ? {} : { validUntil: options.validUntil }),
        });
        const written = await writeFileAtomic(
          options.out,
          `${JSON.stringify(credential, null, 2)}\n`,
        );
        let pdf: { path: string; qr: string } | null = null;
        if (options.pdf !== undefined) {
          const chromiumPath = await findChromium([
            vigil.config.chromium,
            ...DEFAULT_CHROMIUM_CANDIDATES,
          ]);
          const rendered = await renderCertificatePdf(credential, {
            out: options.pdf,
            chromiumPath,
          });
          pdf = { path: rendered.path, qr: rendered.qr };
        }
        context.output(
          command,
          {
            id: certificate.id,
            credentialId: certificate.credentialId,
            issuer: certificate.credential.issuer,
            out: written.path,
            sha256: certificate.sha256,
            statusList: certificate.statusList,
            statusIndex: certificate.statusIndex,
            pdf,
          },
          (r) =>
            [
              `${r.id} issued to ${certificate.recipient}: ${certificate.achievementName}`,
              `  credential  ${r.out}`,
              `  id          ${r.credentialId}`,
              ...(pdf === null ? [] : [`  pdf         ${pdf.path} (QR code holds the ${pdf.qr})`]),
            ].join('\n'),
        );
      },
    );

  cert
    .command('verify')
    .description('verify a certificate offline: proof, issuer key, validity dates, revocation')
    .argument('<file>', 'the credential .json')
    .option('--status-list <file>', 'a status list the centre published (repeatable)', collect, [])
    .option('--issuer <did>', 'also trust this training centre key (repeatable)', collect, [])
    .action(
      async (
        file: string,
        options: { statusList: string[]; issuer: string[] },
        command: Command,
      ) => {
        const service = await certificates(command);
        const result = await service.verify(await readJsonFile(file), {
          statusLists: options.statusList.map(readStatusList),
          issuers: options.issuer,
        });
        context.output(command, result, humanVerify, result.ok ? EXIT.ok : EXIT.integrity);
      },
    );

  cert
    .command('revoke')
    .description('revoke a certificate (append-only, with a reason) and republish the status list')
    .argument('<file|id>', 'the credential .json, its CRT-n or its urn:uuid id')
    .requiredOption('--reason <text>', 'why it is revoked')
    .action(async (target: string, options: { reason: string }, command: Command) => {
      const service = await certificates(command);
      const vigil = await context.vigil(command);
      const id = /\.json$/i.test(target) ? String((await readJsonFile(target)).id) : target;
      const result = await service.revoke({
        actor: vigil.config.user,
        certificate: id,
        reason: options.reason,
      });
      context.output(command, result, (r) =>
        [
          `${r.revocation.certificateId} revoked: ${r.revocation.reason}`,
          `  status list republished: ${r.statusListFile}`,
        ].join('\n'),
      );
    });

  cert
    .command('list')
    .description("the centre's register of issued certificates")
    .action(async (_options: unknown, command: Command) => {
      const service = await certificates(command);
      const list = await service.list();
      context.output(
        command,
        list.map(({ credential: _credential, ...row }) => row),
        (rows) =>
          table(
            ['id', 'recipient', 'achievement', 'issued'],
            rows.map((r) => [r.id, r.recipient, r.achievementName, r.issuedAt]),
          ),
      );
    });

  cert
    .command('pdf')
    .description('print a certificate as PDF with a QR code (Chromium)')
    .argument('<file>', 'the credential .json')
    .requiredOption('--out <file.pdf>', 'the PDF to write')
    .action(async (file: string, options: { out: string }, command: Command) => {
      const vigil = await context.vigil(command);
      const chromiumPath = await findChromium([
        vigil.config.chromium,
        ...DEFAULT_CHROMIUM_CANDIDATES,
      ]);
      const result = await renderCertificatePdf(await readJsonFile(file), {
        out: options.out,
        chromiumPath,
      });
      context.output(
        command,
        result,
        (r) => `${r.path} written (${r.bytes} bytes; the QR code holds the ${r.qr})`,
      );
    });
}
