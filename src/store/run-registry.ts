/**
 * @module Services Vigil starts on this machine (the training range), registered under
 * `$VIGIL_HOME/run/` so other Vigil processes can find them: capture allow-lists a range that
 * Vigil itself started, and only while its process lives.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface RunningService {
  readonly kind: 'range';
  readonly url: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly details: Record<string, unknown>;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export class RunRegistry {
  readonly #dir: string;

  constructor(home: string) {
    this.#dir = path.join(home, 'run');
  }

  /** Records a service; returns a function that removes the record (call it on shutdown). */
  register(service: RunningService): () => void {
    fs.mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.#dir, `${service.kind}-${new URL(service.url).port}.json`);
    fs.writeFileSync(file, JSON.stringify(service, null, 2), { mode: 0o600 });
    return () => fs.rmSync(file, { force: true });
  }

  /** Services whose process still runs; stale records are removed. */
  live(kind: RunningService['kind']): RunningService[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.#dir);
    } catch {
      return [];
    }
    const services: RunningService[] = [];
    for (const name of names.filter((n) => n.startsWith(`${kind}-`) && n.endsWith('.json'))) {
      const file = path.join(this.#dir, name);
      try {
        const service = JSON.parse(fs.readFileSync(file, 'utf8')) as RunningService;
        if (alive(service.pid)) services.push(service);
        else fs.rmSync(file, { force: true });
      } catch {
        fs.rmSync(file, { force: true });
      }
    }
    return services;
  }

  /** `host:port` of every live range, for the capture allow-list. */
  rangeHosts(): string[] {
    return this.live('range').map((service) => new URL(service.url).host);
  }
}
