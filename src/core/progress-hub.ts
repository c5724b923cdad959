/**
 * @module Progress of running jobs, for live display (server-sent events): publish per job id,
 * subscribe per job id, and the latest event for late subscribers. In memory, per process: the
 * durable record of a job is its row in the job queue.
 */
import { EventEmitter } from 'node:events';

export interface ProgressEvent {
  readonly stage: string;
  readonly detail: string;
  readonly at: string;
}

export class ProgressHub {
  readonly #emitter = new EventEmitter();
  readonly #latest = new Map<number, ProgressEvent>();

  constructor() {
    // Many browser tabs may follow the same job.
    this.#emitter.setMaxListeners(0);
  }

  publish(jobId: number, event: ProgressEvent): void {
    this.#latest.set(jobId, event);
    this.#emitter.emit(String(jobId), event);
  }

  /** Calls `listener` for every later event of the job; returns the unsubscribe function. */
  subscribe(jobId: number, listener: (event: ProgressEvent) => void): () => void {
    this.#emitter.on(String(jobId), listener);
    return () => this.#emitter.off(String(jobId), listener);
  }

  latest(jobId: number): ProgressEvent | null {
    return this.#latest.get(jobId) ?? null;
  }

  /** Forgets a finished job's last event. */
  forget(jobId: number): void {
    this.#latest.delete(jobId);
  }
}
