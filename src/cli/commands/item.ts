/**
 * @module `vigil ingest`, `vigil item list|show|get`: files into evidence, and back out verified.
 */
import type { Command } from 'commander';
import type { Item, ItemView } from '../../evidence/types.js';
import type { CliContext } from '../context.js';
import { bytes, keyValues, table } from '../format.js';
import { byteProgress } from '../progress.js';
import type { ProgressBar } from '../progress.js';
import { runCollectedTriage, triageLine } from './triage-format.js';

export function formatItem(item: ItemView): string {
  const head = keyValues([
    ['item', item.id],
    ['case', item.caseId],
    ['kind', item.kind],
    ['name', item.name],
    ['media type', item.mediaType],
    ['size', `${bytes(item.size)} (${item.size} bytes)`],
    ['sha256', item.sha256],
    ['md5', item.md5],
    ['source url', item.sourceUrl],
    ['acquired', item.acquiredAt],
    ['collected', `${item.collectedAt} by ${item.collectedBy}`],
    ['legal basis', item.legalBasisId],
    ['reason', item.reason],
  ]);
  const artifacts = table(
    ['ROLE', 'SIZE', 'SHA-256', 'NAME'],
    item.artifacts.map((a) => [a.role, bytes(a.size), a.sha256, a.name]),
  );
  return `${head}\n\nartifacts:\n${artifacts}`;
}

export function registerItemCommands(program: Command, context: CliContext): void {
  program
    .command('ingest <files...>')
    .description('ingest files into a case as evidence (streamed, hashed, stored once, logged)')
    .requiredOption('--case <id>', 'the case to collect into')
    .requiredOption('--reason <text>', 'why this material is collected')
    .option('--source-url <url>', 'where the material was found')
    .option('--acquired-at <iso8601>', 'when it was acquired, if before now')
    .option('--no-triage', 'leave the triage jobs queued instead of running them now')
    .action(
      async (
        files: string[],
        options: {
          case: string;
          reason: string;
          sourceUrl?: string;
          acquiredAt?: string;
          triage: boolean;
        },
        command: Command,
      ) => {
        const vigil = await context.vigil(command);
        let bar: ProgressBar | null = null;
        let current = '';
        const items = await vigil.evidence.ingest({
          actor: vigil.config.user,
          caseId: options.case,
          files,
          reason: options.reason,
          sourceUrl: options.sourceUrl,
          acquiredAt: options.acquiredAt,
          onProgress: (file, done, total) => {
            if (file !== current) {
              bar?.finish();
              current = file;
              bar = byteProgress(context.io.stderr, file, total);
            }
            bar?.update(done);
          },
        });
        (bar as ProgressBar | null)?.finish();
        const triage = await runCollectedTriage(
          vigil,
          items.map((i) => i.id),
          options.triage,
        );
        context.output(command, { items, triage }, ({ items: list }) =>
          [
            `Ingested ${list.length} file(s) into case ${options.case}:`,
            table(
              ['ITEM', 'SIZE', 'SHA-256', 'NAME'],
              list.map((i) => [i.id, bytes(i.size), i.sha256, i.name]),
            ),
            triageLine(triage),
          ].join('\n'),
        );
      },
    );

  const item = program.command('item').description('evidence items');

  item
    .command('list')
    .description('list the items of a case')
    .requiredOption('--case <id>', 'the case')
    .action(async (options: { case: string }, command: Command) => {
      const vigil = await context.vigil(command);
      const items: Item[] = await vigil.evidence.listItems(options.case);
      context.output(command, { items }, ({ items: list }) =>
        list.length === 0
          ? `Case ${options.case} has no items yet.`
          : table(
              ['ITEM', 'KIND', 'COLLECTED', 'SIZE', 'NAME'],
              list.map((i) => [i.id, i.kind, i.collectedAt, bytes(i.size), i.name]),
            ),
      );
    });

  item
    .command('show <id>')
    .description('show an item, its hashes and artifacts (logged as a consultation)')
    .option('--reason <text>', 'why you consult it; default: the purpose of its legal basis')
    .action(async (id: string, options: { reason?: string }, command: Command) => {
      const vigil = await context.vigil(command);
      context.output(
        command,
        await vigil.evidence.showItem(vigil.config.user, id, options.reason),
        formatItem,
      );
    });

  item
    .command('get <id>')
    .description("write an item's original bytes to a file, re-verified (logged as a consultation)")
    .requiredOption('--out <file>', 'where to write the bytes')
    .option('--reason <text>', 'why you retrieve it; default: the purpose of its legal basis')
    .action(async (id: string, options: { out: string; reason?: string }, command: Command) => {
      const vigil = await context.vigil(command);
      const written = await vigil.evidence.getOriginal(
        vigil.config.user,
        id,
        options.out,
        options.reason,
      );
      context.output(
        command,
        written,
        (w) => `Wrote ${w.path} (${bytes(w.size)}, sha256 ${w.sha256}, verified)`,
      );
    });
}
