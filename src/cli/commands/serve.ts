/**
 * @module `vigil serve` and `vigil user add`: the workbench server and its accounts.
 */
import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.js';
import type { CliContext } from '../context.js';

async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function registerServeCommands(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('start the workbench server (HTTP API) on loopback')
    .option('--host <host>', 'address to listen on (loopback unless --allow-remote)', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8080')
    .option('--allow-remote', 'listen on a non-loopback address (put TLS in front of it)')
    .action(async (options: { host: string; port: string; allowRemote?: boolean }, command: Command) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalidInput(`--port ${options.port} is not a port number`);
      if (!LOOPBACK.has(options.host) && !options.allowRemote) {
        throw invalidInput(`--host ${options.host} is not a loopback address`, { hint: 'add --allow-remote, behind a TLS-terminating proxy' });
      }
      const vigil = await context.vigil(command);
      const { buildServer } = await import('../../server/app.js');
      const app = await buildServer({ vigil });
      const admin = await vigil.access.bootstrapAdmin();
      const address = await app.listen({ host: options.host, port });
      context.io.stdout.write(`Vigil is serving on ${address} (home ${vigil.config.home})\n`);
      if (admin) {
        context.io.stdout.write(
          `First run: created the administrator account "${admin.name}" with the one-time password\n\n    ${admin.password}\n\n` +
            'It is shown only now. Sign in and create named accounts (vigil user add NAME --role ROLE --password-stdin).\n',
        );
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await app.close();
    });

  const user = program.command('user').description('accounts for the workbench server');
  user
    .command('add <name>')
    .description('create an account (password from standard input with --password-stdin)')
    .requiredOption('--role <role>', 'admin, supervisor, investigator, analyst, auditor, trainer or trainee')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (name: string, options: { role: string; passwordStdin?: boolean }, command: Command) => {
      if (!options.passwordStdin) {
        throw invalidInput('give the password on standard input with --password-stdin', { hint: `printf '%s' "$PASSWORD" | vigil user add ${name} --role ${options.role} --password-stdin` });
      }
      const password = await readStdin(context.io.stdin);
      const vigil = await context.vigil(command);
      const created = await vigil.access.addUser(vigil.config.user, name, options.role, password);
      context.output(command, created, (u) => `Created user ${u.name} (${u.role})`);
    });
  user
    .command('list')
    .description('list accounts')
    .action(async (_options: unknown, command: Command) => {
      const vigil = await context.vigil(command);
      const users = await vigil.access.listUsers();
      context.output(command, { users }, ({ users: list }) => list.map((u) => `${u.name}\t${u.role}${u.disabled ? '\t(disabled)' : ''}`).join('\n') || 'No accounts yet.');
    });
}
