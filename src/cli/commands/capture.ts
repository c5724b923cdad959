/**
 * @module `vigil capture`, `vigil recapture`, `vigil package`: URLs into sealed evidence, repeat
 * acquisitions, and packages of several items.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { CaptureProgress } from '../../capture/capture-types.js';
import { invalidInput } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { bytes, keyValues } from '../format.js';
import { runCollectedTriage, triageLine } from './triage-format.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** One line per stage on a terminal; nothing when output is piped. */
const progressPrinter = (context: CliContext) => (progress: CaptureProgress) => {
  if (context.io.stderr.isTTY) context.note(`[${progress.stage}] ${progress.detail}`);
};

const timestampLine = (
  timestamped: boolean,
  failures: readonly { tsa: string; error: string }[],
) =>
  timestamped
    ? 'timestamped (RFC 3161)'
    : `NOT TIMESTAMPED${failures.length > 0 ? `: ${failures.map((f) => `${f.tsa}: ${f.error}`).join('; ')}` : ': no TSA configured (--tsa, VIGIL_TSA_URL or tsaUrls in config.json)'}`;

interface CaptureFlags {
  case: string;
  reason: string;
  allowHost?: string[];
  persona?: string;
  proxy?: string;
  tsa?: string[];
  triage: boolean;
}

export function registerCaptureCommands(program: Command, context: CliContext): void {
  program
    .command('capture <url>')
    .description(
      'capture a web page as sealed evidence (WARC, screenshots, DOM, provenance, signed and timestamped package)',
    )
    .requiredOption('--case <id>', 'the case to collect into')
    .requiredOption('--reason <text>', 'why this page is collected')
    .option(
      '--allow-host <host>',
      'allow a loopback/private host or host:port (repeatable)',
      collect,
    )
    .option('--persona <name>', 'the investigator persona (virtual identity) in use')
    .option('--proxy <url>', 'egress proxy for the browser, e.g. socks5://127.0.0.1:9050')
    .option(
      '--tsa <url>',
      'RFC 3161 time-stamping authority (repeatable; default VIGIL_TSA_URL or config)',
      collect,
    )
    .option('--no-triage', 'leave the triage job queued instead of running it now')
    .action(async (url: string, options: CaptureFlags, command: Command) => {
      const vigil = await context.vigil(command);
      const outcome = await vigil.capture.capture({
        actor: vigil.config.user,
        caseId: options.case,
        url,
        reason: options.reason,
        persona: options.persona,
        proxy: options.proxy,
        allowHosts: options.allowHost ?? [],
        tsaUrls: options.tsa,
        onProgress: progressPrinter(context),
      });
      const triage = await runCollectedTriage(vigil, [outcome.id], options.triage);
      context.output(
        command,
        {
          id: outcome.id,
          package: outcome.package,
          item: outcome.item,
          sealed: outcome.sealed,
          triage,
        },
        (o) =>
          [
            `Captured ${url} as item ${o.id} in case ${options.case}`,
            keyValues([
              ['title', o.item.name],
              ['status', (o.item.metadata as { status?: number }).status],
              ['warc sha256', o.item.sha256],
              ['package', o.package],
              ['package sha256', o.sealed.sha256],
              ['package size', bytes(o.sealed.size)],
              ['trusted time', timestampLine(o.sealed.timestamped, o.sealed.timestampFailures)],
            ]),
            `Verify it anywhere with: vigil verify ${o.package}`,
            triageLine(o.triage),
          ].join('\n'),
      );
    });

  program
    .command('recapture <item>')
    .description(
      'capture an item’s URL again, link the two, and report what changed or whether it is gone',
    )
    .option('--reason <text>', 'why it is captured again')
    .option(
      '--allow-host <host>',
      'allow a loopback/private host or host:port (repeatable)',
      collect,
    )
    .option('--persona <name>', 'the investigator persona in use')
    .option('--tsa <url>', 'RFC 3161 time-stamping authority (repeatable)', collect)
    .option('--no-triage', 'leave the triage job queued instead of running it now')
    .action(
      async (
        itemId: string,
        options: Omit<CaptureFlags, 'case'> & { reason?: string },
        command: Command,
      ) => {
        const vigil = await context.vigil(command);
        const outcome = await vigil.capture.recapture(vigil.config.user, itemId, options.reason, {
          persona: options.persona,
          allowHosts: options.allowHost ?? [],
          tsaUrls: options.tsa,
          onProgress: progressPrinter(context),
        });
        // The full item record is one `vigil item show` away; the comparison is what matters here.
        const triage = await runCollectedTriage(vigil, [outcome.id], options.triage);
        const summary = { ...outcome, item: undefined, triage };
        context.output(command, summary, (o) =>
          [
            `Recaptured ${itemId} as ${o.id}: ${o.gone ? `GONE (${o.goneReason ?? ''})` : o.changed ? 'CHANGED' : 'unchanged'}`,
            keyValues([
              ['status before → after', `${o.statusBefore ?? '?'} → ${o.statusAfter ?? '?'}`],
              ['media added', o.mediaAdded.length],
              ['media removed', o.mediaRemoved.length],
              ['package', o.package],
            ]),
            o.changed && o.textDiff ? `\ntext diff:\n${o.textDiff}` : '',
            triageLine(o.triage),
          ].join('\n'),
        );
      },
    );

  program
    .command('package [items...]')
    .description(
      'write one evidence package (WACZ, signed, timestamped, with the custody segment) of several captures',
    )
    .option('--case <id>', 'package every capture of this case')
    .requiredOption('--out <file>', 'the .wacz file to write (never overwritten)')
    .option('--recipient <name>', 'who the package is disclosed to (recorded as a disclosure)')
    .option('--reason <text>', 'why the package is made')
    .option('--tsa <url>', 'RFC 3161 time-stamping authority (repeatable)', collect)
    .action(
      async (
        itemIds: string[],
        options: {
          case?: string;
          out: string;
          recipient?: string;
          reason?: string;
          tsa?: string[];
        },
        command: Command,
      ) => {
        if ((itemIds.length === 0) === !options.case) {
          throw invalidInput('name the items to package, or --case ID, but not both', {
            hint: 'vigil package I-1 I-2 --out p.wacz  or  vigil package --case C-1 --out p.wacz',
          });
        }
        if (path.extname(options.out) !== '.wacz')
          throw invalidInput(`--out ${options.out} must end in .wacz`);
        const vigil = await context.vigil(command);
        const result = await vigil.capture.packageItems({
          actor: vigil.config.user,
          itemIds,
          caseId: options.case,
          out: options.out,
          recipient: options.recipient,
          reason: options.reason,
          tsaUrls: options.tsa,
        });
        context.output(command, result, (r) =>
          [
            `Wrote ${r.path} with ${r.items.length} item(s)`,
            keyValues([
              ['sha256', r.sha256],
              ['size', bytes(r.size)],
              ['trusted time', timestampLine(r.timestamped, r.timestampFailures)],
              ['recorded as', r.events.join(', ')],
            ]),
          ].join('\n'),
        );
      },
    );
}
