/**
 * @module Runs the built `vigil` CLI as a child process, as a script or an operator would.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { CLI_ENTRY, REPO_ROOT } from './paths.js';

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly home: string;
  readonly user?: string;
  readonly env?: Record<string, string>;
  readonly stdin?: string;
}

export function spawnVigil(args: readonly string[], options: CliOptions): ChildProcess {
  return spawn(process.execPath, [CLI_ENTRY, ...args], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: options.home,
      VIGIL_HOME: options.home,
      VIGIL_USER: options.user ?? 'ana',
      ...options.env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function runVigil(args: readonly string[], options: CliOptions): Promise<CliRun> {
  const child = spawnVigil(args, options);
  return collect(child, options.stdin);
}

export function collect(child: ChildProcess, stdin?: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin?.end(stdin ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Parses a run's JSON output, failing the test with the run's stderr when it is not JSON. */
export function json<T = Record<string, unknown>>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(
      `expected JSON on stdout (exit ${run.code}); stderr:\n${run.stderr}\nstdout:\n${run.stdout}`,
    );
  }
}

export const CASE_ARGS = [
  '--title',
  'Op Heron',
  '--authority',
  'Fictional District Court',
  '--reference',
  'WR-2026-0042',
  '--purpose',
  'identify the financiers of the fictional Lantern Circle',
  '--valid-from',
  '2020-01-01',
  '--valid-until',
  '2099-01-01',
] as const;
