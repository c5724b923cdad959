/**
 * @module `vigil serve` and `vigil user add`: the workbench server and its accounts.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.js';
import type { CliContext } from '../context.js';

async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function registerServeCommands(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('start the workbench server (HTTP API) on loopback')
    .option('--host <host>', 'address to listen on (loopback unless --allow-remote)', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8080')
    .option('--allow-remote', 'listen on a non-loopback address (put TLS in front of it)')
    .option(
      '--range-port <port>',
      'also serve the training range on this loopback port (allow-listed for capture)',
    )
    .option('--range-seed <n>', 'seed of the training range corpus', '1')
    .option(
      '--replay-port <port>',
      'loopback port of the replay origin (default: any free port)',
      '0',
    )
    .action(
      async (
        options: {
          host: string;
          port: string;
          allowRemote?: boolean;
          rangePort?: string;
          rangeSeed: string;
          replayPort: string;
        },
        command: Command,
      ) => {
        const port = Number(options.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw invalidInput(`--port ${options.port} is not a port number`);
        if (!LOOPBACK.has(options.host) && !options.allowRemote) {
          throw invalidInput(`--host ${options.host} is not a loopback address`, {
            hint: 'add --allow-remote, behind a TLS-terminating proxy',
          });
        }
        const vigil = await context.vigil(command);
        const { buildServer } = await import('../../server/app.js');
        // Captured pages replay on their own origin, never the workbench's (docs/web-ui.md).
        const { startReplayServer } = await import('../../server/replay-server.js');
        const replayPort = Number(options.replayPort);
        if (!Number.isInteger(replayPort) || replayPort < 0 || replayPort > 65535)
          throw invalidInput(`--replay-port ${options.replayPort} is not a port number`);
        const replay = await startReplayServer({ blobs: vigil.blobs, port: replayPort });
        const app = await buildServer({ vigil, replay });
        const admin = await vigil.access.bootstrapAdmin();
        // A workbench that cannot listen (port taken) must not leave the replay origin running.
        const address = await app.listen({ host: options.host, port }).catch(async (error) => {
          await replay.close();
          throw error;
        });
        replay.allowEmbedder(new URL(address).origin);
        context.io.stdout.write(`Captured pages replay on ${replay.origin} (loopback only)\n`);
        // Captures and triage requested over HTTP run here; jobs a crash interrupted are retried.
        vigil.jobs.start(500);
        context.io.stdout.write(`Vigil is serving on ${address} (home ${vigil.config.home})\n`);
        let stopRange = async () => {};
        if (options.rangePort !== undefined) {
          const { startRange } = await import('../../training/range/server.js');
          const rangePort = Number(options.rangePort);
          if (!Number.isInteger(rangePort) || rangePort < 0 || rangePort > 65535)
            throw invalidInput(`--range-port ${options.rangePort} is not a port number`);
          const range = await startRange({
            seed: options.rangeSeed,
            port: rangePort,
            cacheDir: path.join(vigil.config.home, 'range-cache'),
            violationsFile: path.join(vigil.config.home, 'range', 'interactions.jsonl'),
          });
          // Allow-listed for capture while this process runs (see RunRegistry).
          const unregister = vigil.runs.register({
            kind: 'range',
            url: range.url,
            pid: process.pid,
            startedAt: vigil.clock.now().toISOString(),
            details: { seed: options.rangeSeed },
          });
          context.io.stdout.write(
            `Training range (fictional, seed ${options.rangeSeed}) on ${range.url}\n`,
          );
          stopRange = async () => {
            unregister();
            await range.close();
          };
        }
        if (admin) {
          context.io.stdout.write(
            `First run: created the administrator account "${admin.name}" with the one-time password\n\n    ${admin.password}\n\n` +
              `It is shown only now. Open ${address} to sign in, then create named accounts:\n` +
              '    vigil user add NAME --role investigator --password-stdin\n',
          );
        } else {
          context.io.stdout.write(
            `Open ${address} and sign in; \`vigil user add\` creates accounts.\n`,
          );
        }
        context.io.stdout.write(`API: ${address}/api/openapi.json · Stop with Ctrl+C\n`);
        // Retention (R12) is enforced while the server runs: now, then every hour.
        const sweep = () =>
          void vigil.retention
            .sweep('retention')
            .catch((error: unknown) => context.note(`retention run failed: ${String(error)}`));
        sweep();
        const timer = setInterval(sweep, 3_600_000);
        timer.unref();
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        clearInterval(timer);
        await stopRange();
        await app.close();
        await replay.close();
      },
    );

  const user = program.command('user').description('accounts for the workbench server');
  user
    .command('add <name>')
    .description('create an account (password from standard input with --password-stdin)')
    .requiredOption(
      '--role <role>',
      'admin, supervisor, investigator, analyst, auditor, trainer or trainee',
    )
    .option('--password-stdin', 'read the password from standard input')
    .action(
      async (
        name: string,
        options: { role: string; passwordStdin?: boolean },
        command: Command,
      ) => {
        if (!options.passwordStdin) {
          throw invalidInput('give the password on standard input with --password-stdin', {
            hint: `printf '%s' "$PASSWORD" | vigil user add ${name} --role ${options.role} --password-stdin`,
          });
        }
        const password = await readStdin(context.io.stdin);
        const vigil = await context.vigil(command);
        const created = await vigil.access.addUser(vigil.config.user, name, options.role, password);
        context.output(command, created, (u) => `Created user ${u.name} (${u.role})`);
      },
    );
  user
    .command('list')
    .description('list accounts')
    .action(async (_options: unknown, command: Command) => {
      const vigil = await context.vigil(command);
      const users = await vigil.access.listUsers();
      context.output(
        command,
        { users },
        ({ users: list }) =>
          list.map((u) => `${u.name}\t${u.role}${u.disabled ? '\t(disabled)' : ''}`).join('\n') ||
          'No accounts yet.',
      );
    });
}
