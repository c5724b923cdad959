/**
 * @module The in-process job queue of the embedded default: jobs are persisted through a
 * `JobRepository` before anything runs them, one worker runs them one at a time, and a job whose
 * worker died mid-run is found again and either retried or marked failed — never lost silently.
 * An agency deployment swaps the repository (pg-boss) and runs more workers; the contract holds.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Clock } from './clock.js';
import { isVigilError } from './errors.js';
import type { ErrorCode } from './errors.js';

/** Error codes that no retry can change. */
const PERMANENT_ERRORS: ReadonlySet<ErrorCode> = new Set([
  'invalid_input',
  'not_found',
  'refused',
  'forbidden',
  'conflict',
  'integrity',
]);

/** A job's life: queued → running → done | failed (or back to queued for a retry). */
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface Job {
  readonly id: number;
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly status: JobStatus;
  /** How many times a worker has started it. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** The worker running it (`host/pid/nonce`), while it runs. */
  readonly owner: string | null;
  /** Why the last attempt failed or was interrupted. */
  readonly error: string | null;
  readonly result: Readonly<Record<string, unknown>> | null;
}

/** How an attempt ended, as the worker reports it to the repository. */
export type JobEnd =
  | { readonly status: 'done'; readonly result: Readonly<Record<string, unknown>> }
  | { readonly status: 'queued' | 'failed'; readonly error: string };

/**
 * Persistence port of the queue. Adapter: `src/store/sqlite/job-repository.ts`. Each method is
 * atomic on its own; `claim` must never hand one job to two workers, even in two processes.
 */
export interface JobRepository {
  insert(job: {
    kind: string;
    payload: Readonly<Record<string, unknown>>;
    maxAttempts: number;
    createdAt: string;
  }): Promise<Job>;
  /** Marks the oldest queued job of one of `kinds` running for `owner`, counting the attempt. */
  claim(owner: string, kinds: readonly string[], now: string): Promise<Job | undefined>;
  /** Ends the attempt `owner` holds; a job no longer held by `owner` is left alone. */
  finish(id: number, owner: string, end: JobEnd, now: string): Promise<void>;
  /** Jobs by status, oldest first. */
  list(statuses: readonly JobStatus[], limit?: number): Promise<Job[]>;
  get(id: number): Promise<Job | undefined>;
}

export type JobHandler = (
  payload: Readonly<Record<string, unknown>>,
  job: Job,
) => Promise<Readonly<Record<string, unknown>>>;

/** What `drain` did with one job attempt. */
export interface JobOutcome {
  readonly job: Job;
  readonly status: 'done' | 'failed' | 'retry';
  readonly result: Readonly<Record<string, unknown>> | null;
  readonly error: string | null;
}

export interface JobQueueDeps {
  readonly repository: JobRepository;
  readonly clock: Clock;
  /** Attempts before a failing job is marked failed; default 3. */
  readonly maxAttempts?: number;
  /** Whether the worker named by `owner` is still alive; default: same host and the pid exists. */
  readonly isOwnerAlive?: (owner: string) => boolean;
  /** This worker's identity; default `host/pid/random`. */
  readonly owner?: string;
}

/** True when `owner` is a worker of a live process on this host (a signal-0 probe). */
export function processOwnerAlive(owner: string): boolean {
  const [host, pid] = owner.split('/');
  // Another host's worker cannot be probed from here: treat it as alive, never steal its job.
  if (host !== os.hostname()) return true;
  const n = Number(pid);
  if (!Number.isInteger(n) || n <= 0) return false;
  try {
    process.kill(n, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * The queue. `enqueue` persists; `drain` runs everything queued now (tests, the CLI); `start`
 * runs a background worker (the server). Concurrency is 1 in this process: `drain` and the
 * background worker take turns.
 *
 * @example
 * const jobs = new JobQueue({ repository, clock: systemClock });
 * jobs.handle('triage', async ({ itemId }) => ({ itemId }));
 * await jobs.enqueue('triage', { itemId: 'I-1' });
 * await jobs.drain();
 */
export class JobQueue {
  readonly owner: string;
  readonly #deps: JobQueueDeps;
  readonly #handlers = new Map<string, JobHandler>();
  #turn: Promise<unknown> = Promise.resolve();
  #recovered: Promise<Job[]> | undefined;
  #worker: { stop: boolean; wake: () => void; done: Promise<void> } | undefined;

  constructor(deps: JobQueueDeps) {
    this.#deps = deps;
    this.owner = deps.owner ?? `${os.hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  }

  /** Registers the function that runs jobs of `kind`. */
  handle(kind: string, handler: JobHandler): void {
    this.#handlers.set(kind, handler);
  }

  /** Persists a job; a started worker picks it up at once. Do not call inside a store transaction. */
  async enqueue(kind: string, payload: Readonly<Record<string, unknown>>): Promise<Job> {
    const job = await this.#deps.repository.insert({
      kind,
      payload,
      maxAttempts: this.#deps.maxAttempts ?? 3,
      createdAt: this.#now(),
    });
    this.#worker?.wake();
    return job;
  }

  /** Queued and running jobs (after recovering interrupted ones), oldest first. */
  async pending(): Promise<Job[]> {
    await this.recover();
    return this.#deps.repository.list(['queued', 'running']);
  }

  /** Jobs that failed for good, oldest first. */
  failed(limit = 50): Promise<Job[]> {
    return this.#deps.repository.list(['failed'], limit);
  }

  get(id: number): Promise<Job | undefined> {
    return this.#deps.repository.get(id);
  }

  /**
   * Finds jobs left `running` by a worker that no longer exists (a crash, a kill -9) and puts
   * them back in the queue, or marks them failed when they have used every attempt. Runs once
   * per queue; `drain`, `start` and `pending` call it first. Returns the jobs it touched.
   */
  recover(): Promise<Job[]> {
    this.#recovered ??= (async () => {
      const alive = this.#deps.isOwnerAlive ?? processOwnerAlive;
      const touched: Job[] = [];
      for (const job of await this.#deps.repository.list(['running'])) {
        if (job.owner === null || job.owner === this.owner || alive(job.owner)) continue;
        const end: JobEnd =
          job.attempts < job.maxAttempts
            ? {
                status: 'queued',
                error: `interrupted: worker ${job.owner} stopped while running it; retried`,
              }
            : { status: 'failed', error: `interrupted ${job.attempts} time(s); not retried` };
        await this.#deps.repository.finish(job.id, job.owner, end, this.#now());
        touched.push((await this.#deps.repository.get(job.id)) ?? job);
      }
      return touched;
    })();
    return this.#recovered;
  }

  /**
   * Runs queued jobs of the registered kinds (or only of `kinds`) until none is left; returns
   * each attempt.
   */
  drain(options: { kinds?: readonly string[] } = {}): Promise<JobOutcome[]> {
    return this.#exclusive(async () => {
      await this.recover();
      const outcomes: JobOutcome[] = [];
      for (;;) {
        const outcome = await this.#runOne(options.kinds);
        if (!outcome) return outcomes;
        outcomes.push(outcome);
      }
    });
  }

  /** Starts the background worker (the server); `stop` ends it after the job in hand. */
  start(pollMs = 2000): void {
    if (this.#worker) return;
    let wake = () => undefined as void;
    const worker = { stop: false, wake: () => wake(), done: Promise.resolve() };
    worker.done = (async () => {
      await this.recover();
      while (!worker.stop) {
        const outcome = await this.#exclusive(() => this.#runOne());
        if (outcome || worker.stop) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    })();
    this.#worker = worker;
  }

  async stop(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    worker.stop = true;
    worker.wake();
    await worker.done;
    this.#worker = undefined;
  }

  async #runOne(only?: readonly string[]): Promise<JobOutcome | undefined> {
    const { repository } = this.#deps;
    const kinds = [...this.#handlers.keys()].filter((k) => only === undefined || only.includes(k));
    const job = await repository.claim(this.owner, kinds, this.#now());
    if (!job) return undefined;
    const handler = this.#handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for jobs of kind "${job.kind}"`);
      const result = await handler(job.payload, job);
      await repository.finish(job.id, this.owner, { status: 'done', result }, this.#now());
      return { job, status: 'done', result, error: null };
    } catch (error) {
      // A refusal or bad input will fail the same way again: retrying would only repeat it (and,
      // for a capture, log the same refusal three times). Faults of the moment are retried.
      const permanent = isVigilError(error) && PERMANENT_ERRORS.has(error.code);
      const retry = !permanent && job.attempts < job.maxAttempts;
      const why = message(error);
      await repository.finish(
        job.id,
        this.owner,
        { status: retry ? 'queued' : 'failed', error: why },
        this.#now(),
      );
      return { job, status: retry ? 'retry' : 'failed', result: null, error: why };
    }
  }

  /** Concurrency 1: one job at a time in this process, whoever asks. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#turn.then(work, work);
    this.#turn = result.catch(() => undefined);
    return result;
  }

  #now(): string {
    return this.#deps.clock.now().toISOString();
  }
}
