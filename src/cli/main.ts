/**
 * @module The `vigil` command: builds the program, runs it, and maps every error to an exit code
 * and a message in one place.
 */
import { Command, CommanderError } from 'commander';
import { isVigilError } from '../core/errors.js';
import { VIGIL_VERSION } from '../core/version.js';
import { COMMANDS } from './commands/index.js';
import { CliContext } from './context.js';
import type { CliIo } from './context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';

export function buildProgram(context: CliContext): Command {
  const program = new Command('vigil')
    .description(
      'Vigil: lawful capture, admissible evidence, triage and training for counter-terrorism investigators',
    )
    .version(VIGIL_VERSION)
    .option(
      '--home <dir>',
      'Vigil home (store, blobs, keys); default $VIGIL_HOME or ~/.local/share/vigil',
    )
    .option(
      '--as <user>',
      'the acting person recorded in the ledger; default $VIGIL_USER or the OS user',
    )
    .option('--json', 'machine-readable output')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
    });
  for (const register of COMMANDS) register(program, context);
  // Subcommands inherit exit override so a usage error never calls process.exit.
  const override = (command: Command) => {
    command.exitOverride();
    command.commands.forEach(override);
  };
  override(program);
  return program;
}

/** Runs the CLI and returns the exit code; never calls `process.exit`. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const context = new CliContext(io);
  const program = buildProgram(context);
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.invalidInput;
    }
    if (isVigilError(error)) {
      const { code, message, hint, details } = error;
      if (json)
        io.stdout.write(
          `${JSON.stringify({ error: { code, message, hint, details } }, null, 2)}\n`,
        );
      io.stderr.write(`vigil: ${message}\n${hint ? `  next: ${hint}\n` : ''}`);
      return exitCodeFor(code);
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    if (json)
      io.stdout.write(
        `${JSON.stringify({ error: { code: 'internal', message: String(error) } })}\n`,
      );
    io.stderr.write(
      `vigil: internal error (please report it with the command you ran):\n${message}\n`,
    );
    return EXIT.internal;
  } finally {
    await context.close();
  }
}
