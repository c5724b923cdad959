/**
 * @module What every command receives: the parsed configuration, the opened Vigil, and output that
 * is JSON with `--json` and readable text otherwise.
 */
import type { Command } from 'commander';
import type { Vigil } from '../app/vigil.js';
import { openVigil } from '../app/vigil.js';
import { loadConfig } from '../core/config.js';
import type { Config } from '../core/config.js';
import type { ExitCode } from './exit-codes.js';

export interface GlobalOptions {
  home?: string;
  as?: string;
  json?: boolean;
}

export interface CliIo {
  readonly env: Record<string, string | undefined>;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

export class CliContext {
  readonly io: CliIo;
  exitCode: ExitCode = 0;
  #config: Config | undefined;
  #vigil: Promise<Vigil> | undefined;

  constructor(io: CliIo) {
    this.io = io;
  }

  globals(command: Command): GlobalOptions {
    return command.optsWithGlobals<GlobalOptions>();
  }

  /** The configuration, parsed once per run. */
  config(command: Command): Config {
    const globals = this.globals(command);
    this.#config ??= loadConfig(this.io.env, { home: globals.home, as: globals.as });
    return this.#config;
  }

  /** Opens Vigil once per run (initialising the home on first use). */
  vigil(command: Command): Promise<Vigil> {
    this.#vigil ??= openVigil(this.config(command));
    return this.#vigil;
  }

  /** Prints `data` as JSON with `--json`, or as the text `human` makes of it. */
  output<T>(command: Command, data: T, human: (data: T) => string, exitCode: ExitCode = 0): void {
    if (this.globals(command).json) this.io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    else this.io.stdout.write(`${human(data).replace(/\n*$/, '')}\n`);
    this.exitCode = exitCode;
  }

  /** A line for a person on stderr (progress notes, warnings); never mixed into JSON output. */
  note(message: string): void {
    this.io.stderr.write(`${message}\n`);
  }

  async close(): Promise<void> {
    if (this.#vigil) await (await this.#vigil.catch(() => undefined))?.close();
  }
}
