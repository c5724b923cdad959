/**
 * @module Configuration, parsed once: environment, global flags and `$VIGIL_HOME/config.json`,
 * validated, typed and frozen. No other file reads `process.env`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { invalidInput } from './errors.js';

/** `$VIGIL_HOME/config.json`: what an operator may set once for an installation. */
const FileConfigSchema = z
  .object({
    /** RFC 3161 TSAs tried in order (issue 3). */
    tsaUrls: z.array(z.url()).optional(),
    /** Path to the Chromium binary (issue 3). */
    chromium: z.string().min(1).optional(),
    /** Hosts capture may reach although they are loopback or private (the training range). */
    allowHosts: z.array(z.string().min(1)).optional(),
    /**
     * Supervisor approval of legal bases before collection (issue 6, R2): `auto` applies it on a
     * server with more than one account, `on` always, `off` never.
     */
    approvalPolicy: z.enum(['auto', 'on', 'off']).optional(),
  })
  .strict();

export type FileConfig = z.infer<typeof FileConfigSchema>;

export interface Config {
  /** Where the store, blobs and keys live. */
  readonly home: string;
  /** The acting person recorded in the ledger. */
  readonly user: string;
  readonly tsaUrls: readonly string[];
  readonly chromium: string | undefined;
  readonly allowHosts: readonly string[];
  readonly approvalPolicy: 'auto' | 'on' | 'off';
}

/** Flags that override the environment (`--home`, `--as`). */
export interface ConfigFlags {
  home?: string | undefined;
  as?: string | undefined;
}

type Env = Record<string, string | undefined>;

/** The per-user default: XDG data dir, as other Linux tools do. */
export function defaultHome(env: Env): string {
  const base = env.XDG_DATA_HOME || path.join(env.HOME || os.homedir(), '.local', 'share');
  return path.join(base, 'vigil');
}

function osUser(env: Env): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USER || env.LOGNAME || 'unknown';
  }
}

function readFileConfig(file: string): FileConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw invalidInput(`cannot read the configuration file ${file}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalidInput(`${file} is not valid JSON: ${(error as Error).message}`, {
      hint: 'fix the file or remove it to use the defaults',
    });
  }
  const parsed = FileConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`)
      .join('; ');
    throw invalidInput(`${file} is not a valid Vigil configuration: ${issues}`, {
      hint: 'expected keys: tsaUrls (array of URLs), chromium (path), allowHosts (array of hosts), approvalPolicy (auto|on|off)',
    });
  }
  return parsed.data;
}

const splitList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

/**
 * Loads the configuration once. Precedence: flag, then environment, then config file, then default.
 *
 * @example
 * const config = loadConfig(process.env, { home: '/tmp/vigil', as: 'alice' });
 */
export function loadConfig(env: Env, flags: ConfigFlags = {}): Config {
  const home = path.resolve(flags.home || env.VIGIL_HOME || defaultHome(env));
  const user = (flags.as ?? env.VIGIL_USER ?? osUser(env)).trim();
  if (user.length === 0) {
    throw invalidInput('the acting user is empty', {
      hint: 'name yourself with --as NAME or VIGIL_USER',
    });
  }
  const file = readFileConfig(path.join(home, 'config.json'));
  const tsaFromEnv = splitList(env.VIGIL_TSA_URL);
  return Object.freeze({
    home,
    user,
    tsaUrls: Object.freeze(tsaFromEnv.length > 0 ? tsaFromEnv : (file.tsaUrls ?? [])),
    chromium: env.VIGIL_CHROMIUM || file.chromium,
    allowHosts: Object.freeze([...(file.allowHosts ?? [])]),
    approvalPolicy: file.approvalPolicy ?? 'auto',
  });
}
