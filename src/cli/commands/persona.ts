/**
 * @module `vigil persona add|list`: the registry of investigator identities (R17).
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { table } from '../format.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerPersonaCommands(program: Command, context: CliContext): void {
  const persona = program
    .command('persona')
    .description('investigator personas (virtual identities) and who may use them (R17)');
  persona
    .command('add <name>')
    .description(
      'register a persona; captures with --persona NAME are refused for anyone not listed',
    )
    .option('--platform <platform>', 'a platform it has an account on (repeatable)', collect)
    .requiredOption('--user <user>', 'a person allowed to use it (repeatable)', collect)
    .option('--notes <text>', 'cover story, creation date, handler')
    .action(
      async (
        name: string,
        options: { platform?: string[]; user: string[]; notes?: string },
        command: Command,
      ) => {
        const vigil = await context.vigil(command);
        const added = await vigil.access.addPersona(vigil.config.user, {
          name,
          platforms: options.platform ?? [],
          users: options.user,
          notes: options.notes,
        });
        context.output(
          command,
          added,
          (p) =>
            `Registered persona ${p.name} for ${p.users.join(', ')}${p.platforms.length ? ` on ${p.platforms.join(', ')}` : ''}`,
        );
      },
    );
  persona
    .command('list')
    .description('list personas')
    .action(async (_options: unknown, command: Command) => {
      const vigil = await context.vigil(command);
      const personas = await vigil.access.listPersonas();
      context.output(command, { personas }, ({ personas: list }) =>
        list.length
          ? table(
              ['PERSONA', 'PLATFORMS', 'USERS'],
              list.map((p) => [p.name, p.platforms.join(' '), p.users.join(' ')]),
            )
          : 'No personas registered.',
      );
    });
}
