/**
 * @module `vigil range serve|truth|hashlist|scenarios|scenario show` (issue 4). Flags and JSON
 * fields are a stable contract: serve prints the URL; truth writes `personas[]` and `posts[]`
 * (`id`, `url`, `author`, `category`, `language`, `entities[]`, `media[]`); scenarios --json
 * lists `name`, `title`, `categories`.
 */
import path from 'node:path';
import { variantInteractionsFile } from '../../training/range/variant-ranges.js';
import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.js';
import { generateCorpus } from '../../training/range/corpus.js';
import { hashListCsv, knownHashRows } from '../../training/range/hash-list.js';
import { MediaStore } from '../../training/range/media-render.js';
import { findScenario, formatBriefing, loadScenarios } from '../../training/range/scenarios.js';
import { DEFAULT_TIME_ZONE, startRange } from '../../training/range/server.js';
import { exportTruth, truthToJson } from '../../training/range/truth.js';
import type { CliContext } from '../context.js';
import { keyValues, table } from '../format.js';
import { writeFileAtomic } from '../write-file.js';

interface SeedOptions {
  seed: string;
  variant?: string;
}

const parseSeed = (value: string): string => {
  if (!/^[\w.-]{1,64}$/.test(value))
    throw invalidInput(`--seed must be 1–64 letters, digits, '.', '_' or '-', got "${value}"`);
  return value;
};
const parseVariant = (value: string): string => {
  if (!/^[\w.@-]{1,64}$/.test(value))
    throw invalidInput(
      `--variant must be 1–64 letters, digits, '.', '@', '_' or '-', got "${value}"`,
    );
  return value;
};
const parsePort = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw invalidInput(`--port must be an integer 0–65535, got ${value}`);
  return n;
};

const cacheDir = (context: CliContext, command: Command) =>
  path.join(context.config(command).home, 'range-cache');

export function registerRangeCommands(program: Command, context: CliContext): void {
  const range = program
    .command('range')
    .description('the training range: a synthetic social platform with scenario packs');

  range
    .command('serve')
    .description(
      'serve the range on 127.0.0.1 until interrupted (passive mode: interactions are refused and logged)',
    )
    .option('--port <port>', 'TCP port (0 picks a free one)', parsePort, 8787)
    .option('--seed <n>', 'corpus seed', parseSeed, '1')
    .option('--variant <id>', 'per-trainee variant (different ids, wallets, hashes)', parseVariant)
    .option(
      '--violations <file>',
      "append-only interaction log (default <home>/range/interactions.jsonl, or the variant's own log <home>/range/variants/SEED/ID/interactions.jsonl with --variant, which cohort assessment reads)",
    )
    .option('--active', 'allow interactions (still logged); needs --supervisor')
    .option('--supervisor <name>', 'who authorised active mode (R17 override)')
    .option(
      '--time-zone <zone>',
      'IANA time zone the platform displays times in',
      DEFAULT_TIME_ZONE,
    )
    .action(
      async (
        options: SeedOptions & {
          port: number;
          violations?: string;
          active?: boolean;
          supervisor?: string;
          timeZone: string;
        },
        command: Command,
      ) => {
        const home = context.config(command).home;
        // A variant logs where the cohort desk assesses it (one log per trainee, R24/R25).
        const violationsFile = path.resolve(
          options.violations ??
            (options.variant === undefined
              ? path.join(home, 'range', 'interactions.jsonl')
              : variantInteractionsFile(home, String(options.seed), options.variant)),
        );
        const running = await startRange({
          seed: options.seed,
          variant: options.variant ?? null,
          port: options.port,
          cacheDir: cacheDir(context, command),
          violationsFile,
          mode: options.active === true ? 'active' : 'passive',
          ...(options.supervisor === undefined ? {} : { supervisor: options.supervisor }),
          displayTimeZone: options.timeZone,
        });
        // Registered so that `vigil capture` allow-lists this range while (and only while) it runs.
        const unregister = (await context.vigil(command)).runs.register({
          kind: 'range',
          url: running.url,
          pid: process.pid,
          startedAt: (await context.vigil(command)).clock.now().toISOString(),
          details: { seed: options.seed, variant: options.variant ?? null },
        });
        context.output(
          command,
          {
            url: running.url,
            seed: options.seed,
            variant: options.variant ?? null,
            violationsFile,
            mode: options.active === true ? 'active' : 'passive',
          },
          (d) =>
            `${d.url}\n${keyValues([
              ['seed', d.seed],
              ['variant', d.variant],
              ['mode', d.mode],
              ['interactions', d.violationsFile],
            ])}\nPress Ctrl+C to stop.`,
        );
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        unregister();
        await running.close();
      },
    );

  range
    .command('truth')
    .description('write the ground truth of a corpus (trainer data: never give it to trainees)')
    .option('--seed <n>', 'corpus seed', parseSeed, '1')
    .option('--variant <id>', 'per-trainee variant', parseVariant)
    .requiredOption('--out <file>', 'JSON file to write')
    .action(async (options: SeedOptions & { out: string }, command: Command) => {
      const truth = exportTruth(generateCorpus(options.seed, options.variant ?? null));
      const written = await writeFileAtomic(options.out, `${truthToJson(truth)}\n`);
      context.output(
        command,
        { ...written, personas: truth.personas.length, posts: truth.posts.length },
        (d) =>
          keyValues([
            ['wrote', d.path],
            ['sha256', d.sha256],
            ['personas', d.personas],
            ['posts', d.posts],
          ]),
      );
    });

  range
    .command('hashlist')
    .description(
      'write the hash list (type,value,labels CSV; sha256 and pdq) of the known-propaganda set',
    )
    .option('--seed <n>', 'corpus seed', parseSeed, '1')
    .option('--variant <id>', 'per-trainee variant', parseVariant)
    .requiredOption('--out <file>', 'CSV file to write')
    .action(async (options: SeedOptions & { out: string }, command: Command) => {
      const store = new MediaStore(
        generateCorpus(options.seed, options.variant ?? null),
        cacheDir(context, command),
      );
      const rows = await knownHashRows(store);
      const written = await writeFileAtomic(options.out, hashListCsv(rows));
      context.output(command, { ...written, rows: rows.length }, (d) =>
        keyValues([
          ['wrote', d.path],
          ['sha256', d.sha256],
          ['rows', d.rows],
        ]),
      );
    });

  range
    .command('scenarios')
    .description('list the scenario packs')
    .action((_options: unknown, command: Command) => {
      const list = loadScenarios().map((s) => ({
        name: s.name,
        title: s.title,
        categories: s.categories,
        languages: s.languages,
        difficulty: s.difficulty,
        timeLimitMinutes: s.timeLimitMinutes,
      }));
      context.output(command, list, (rows) =>
        table(
          ['name', 'categories', 'minutes', 'title'],
          rows.map((r) => [r.name, r.categories.join(','), r.timeLimitMinutes, r.title]),
        ),
      );
    });

  range
    .command('scenario')
    .description('scenario packs')
    .command('show')
    .description("print a scenario's briefing (no answers)")
    .argument('<name>', 'scenario name, as `vigil range scenarios` lists it')
    .action((name: string, _options: unknown, command: Command) => {
      const s = findScenario(name);
      const briefing = {
        name: s.name,
        title: s.title,
        categories: s.categories,
        languages: s.languages,
        difficulty: s.difficulty,
        timeLimitMinutes: s.timeLimitMinutes,
        legalBasis: s.legalBasis,
        loginPersona: s.loginPersona ?? null,
        tasks: s.tasks.map((t) => ({
          id: t.id,
          kind: t.kind,
          prompt: t.prompt,
          points: t.points,
          timeLimitMinutes: t.timeLimitMinutes ?? null,
        })),
        briefing: formatBriefing(s),
      };
      context.output(command, briefing, (b) => b.briefing);
    });
}
