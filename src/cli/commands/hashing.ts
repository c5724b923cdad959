/**
 * @module `vigil hash`, `vigil hashlist import|export|list`, `vigil match`: cryptographic and
 * perceptual hashes, known-content hash lists and matching (issue 5). JSON fields are a stable
 * contract: hash → per file `sha256`, `md5`, `pdq`, `quality`, `frames`; match → `matches` with
 * `list`, `value`, `distance`, `labels`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.js';
import { hashFiles } from '../../triage/hashing/file-hash.js';
import type { FileHashes } from '../../triage/hashing/file-hash.js';
import type { HashListService, MatchReport } from '../../triage/hashlist/hashlist-service.js';
import { EXPORT_FORMATS, IMPORT_FORMATS } from '../../triage/hashlist/hashlist.types.js';
import type { ExportFormat, ImportFormat } from '../../triage/hashlist/hashlist.types.js';
import type { CliContext } from '../context.js';
import { table } from '../format.js';
import { writeFileAtomic } from '../write-file.js';

/** The installation's hash-list service, wired to its store by the composition root. */
async function service(context: CliContext, command: Command): Promise<HashListService> {
  return (await context.vigil(command)).hashlists;
}

const parseRate = (value: string): number => {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n))
    throw invalidInput(`--fps must be a number > 0, got ${value}`);
  return n;
};

const parseDistance = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 256) {
    throw invalidInput(`--distance must be an integer 0–256, got ${value}`);
  }
  return n;
};

function humanHashes(files: FileHashes[]): string {
  return files
    .map((f) => {
      const lines = [
        `${f.path}`,
        `  sha256  ${f.sha256}`,
        `  md5     ${f.md5}`,
        `  kind    ${f.kind}${f.mime ? ` (${f.mime})` : ''}, ${f.size} bytes`,
      ];
      if (f.pdq)
        lines.push(
          `  pdq     ${f.pdq}  quality ${f.quality}${(f.quality ?? 0) < 50 ? ' (< 50: never matched)' : ''}`,
        );
      if (f.frames) {
        lines.push(`  frames  ${f.frames.length}`);
        for (const fr of f.frames) {
          lines.push(`    #${fr.frameNumber} ${fr.timestamp.toFixed(3)}s ${fr.pdq} q${fr.quality}`);
        }
      }
      if (f.perceptualError) lines.push(`  no perceptual hash: ${f.perceptualError}`);
      return lines.join('\n');
    })
    .join('\n');
}

function humanMatches(r: MatchReport): string {
  const lines: string[] = [];
  if (r.matches.length === 0) lines.push(`no match within distance ${r.distance}`);
  else {
    lines.push(
      table(
        ['LIST', 'TYPE', 'VIA', 'DISTANCE', 'LABELS', 'VALUE', 'SOURCE'],
        r.matches.map((m) => [
          m.list,
          m.type,
          m.frame ? `${m.via}@${m.frame.timestamp.toFixed(1)}s` : m.via,
          m.distance,
          m.labels.join(';'),
          m.type === 'vpdq' ? `(video, ${m.queryMatchPercent?.toFixed(0)}% of frames)` : m.value,
          m.provenance.source ?? m.provenance.fileName ?? '',
        ]),
      ),
    );
    lines.push('Matches are suggestions for a person to review, not findings.');
  }
  for (const note of r.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}

export function registerHashingCommands(program: Command, context: CliContext): void {
  program
    .command('hash')
    .description('SHA-256 and MD5 of files, PDQ + quality of images, PDQ per sampled video frame')
    .argument('<files...>', 'files to hash')
    .option('--fps <n>', 'video frames hashed per second', parseRate, 1)
    .action(async (files: string[], options: { fps: number }, command: Command) => {
      const result = await hashFiles(files, { video: { framesPerSecond: options.fps } });
      context.output(command, result, humanHashes);
    });

  const hashlist = program.command('hashlist').description('known-content hash lists');
  hashlist
    .command('import')
    .description('import a hash list (CSV "type,value,labels", JSON, ThreatExchange CSV, pytx)')
    .argument('<file>', 'the list file')
    .requiredOption('--name <name>', 'name to store the list under')
    .option('--format <format>', `one of ${IMPORT_FORMATS.join(', ')}; detected when omitted`)
    .option('--source <who>', 'who supplied the list (shown with every match)')
    .option('--description <text>', 'what the list is')
    .option('--replace', 'replace an existing list of this name')
    .option('--skip-invalid', 'import the valid rows and list the malformed ones')
    .action(
      async (
        file: string,
        options: {
          name: string;
          format?: string;
          source?: string;
          description?: string;
          replace?: boolean;
          skipInvalid?: boolean;
        },
        command: Command,
      ) => {
        if (options.format && !(IMPORT_FORMATS as readonly string[]).includes(options.format)) {
          throw invalidInput(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
        }
        const content = await readFile(file).catch((cause: unknown) => {
          throw invalidInput(`cannot read ${file}`, { cause, hint: 'give a readable list file' });
        });
        const svc = await service(context, command);
        const result = await svc.importHashList({
          content,
          name: options.name,
          fileName: path.basename(file),
          ...(options.format ? { format: options.format as ImportFormat } : {}),
          ...(options.source ? { source: options.source } : {}),
          ...(options.description ? { description: options.description } : {}),
          replace: options.replace ?? false,
          skipInvalid: options.skipInvalid ?? false,
        });
        context.output(command, result, (r) =>
          [
            `Imported ${r.imported} entries into "${r.list.name}" (${r.list.provenance.format}, sha256 ${r.list.provenance.fileSha256})`,
            ...(r.duplicates > 0 ? [`${r.duplicates} duplicate row(s) merged`] : []),
            ...r.rejected.map((e) => `rejected line ${e.line}: ${e.reason}`),
          ].join('\n'),
        );
      },
    );

  hashlist
    .command('export')
    .description('write a stored list as CSV (type,value,labels) or JSON')
    .argument('<name>', 'list name')
    .option('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`, 'csv')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (name: string, options: { format: string; out?: string }, command: Command) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) {
        throw invalidInput(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
      }
      const svc = await service(context, command);
      const text = await svc.exportHashList(name, options.format as ExportFormat);
      if (!options.out) {
        context.io.stdout.write(text);
        return;
      }
      const written = await writeFileAtomic(options.out, text);
      context.output(command, written, (w) => `Wrote ${w.path} (sha256 ${w.sha256})`);
    });

  hashlist
    .command('list')
    .description('stored lists with their provenance and counts')
    .action(async (_options: unknown, command: Command) => {
      const svc = await service(context, command);
      const lists = await svc.listHashLists();
      context.output(command, { lists }, ({ lists: all }) =>
        all.length === 0
          ? 'no hash lists'
          : table(
              ['NAME', 'ENTRIES', 'TYPES', 'SOURCE', 'IMPORTED', 'FILE SHA-256'],
              all.map((l) => [
                l.name,
                l.entryCount,
                Object.entries(l.counts)
                  .map(([t, n]) => `${t}:${n}`)
                  .join(' '),
                l.provenance.source ?? '',
                l.provenance.importedAt,
                l.provenance.fileSha256,
              ]),
            ),
      );
    });

  program
    .command('match')
    .description('match a file, a PDQ hash, an MD5 or a URL against the stored hash lists')
    .argument('<query>', 'a file path, 64-hex PDQ hash, 32-hex MD5 or http(s) URL')
    .option('--list <name>', 'only this list')
    .option('--distance <d>', 'largest PDQ Hamming distance (default 31)', parseDistance)
    .option('--fps <n>', 'video frames hashed per second', parseRate, 1)
    .action(
      async (
        query: string,
        options: { list?: string; distance?: number; fps: number },
        command: Command,
      ) => {
        const svc = await service(context, command);
        const report = await svc.match(query, {
          ...(options.list !== undefined ? { list: options.list } : {}),
          ...(options.distance !== undefined ? { distance: options.distance } : {}),
          hashing: { video: { framesPerSecond: options.fps } },
        });
        context.output(command, report, humanMatches);
      },
    );
}
