/**
 * @module The range variants a Vigil server runs for its trainees (R24): one loopback range per
 * cohort seed and trainee variant, started when an attempt needs it, shared by that trainee's
 * attempts, and stopped once every attempt window it serves has closed (or when the server
 * stops). Each variant logs its interactions to its own file, so one trainee's passive-mode
 * violations are never scored against another.
 */
import path from 'node:path';
import type { Clock } from '../../core/clock.js';

/** A range that runs: where it answers and how to stop it. */
export interface StartedRange {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts one range (injected: the server passes `startRange`, unit tests a fake). */
export type RangeStarter = (request: {
  readonly seed: string;
  readonly variant: string;
  readonly violationsFile: string;
}) => Promise<StartedRange>;

export interface VariantRangesDeps {
  /** The Vigil home: interaction logs go under `<home>/range/variants/`. */
  readonly home: string;
  readonly clock: Clock;
  readonly start: RangeStarter;
  /**
   * Makes the range capturable while it runs (the run registry's allow-list); returns the
   * function that withdraws it.
   */
  readonly register: (range: { url: string; seed: string; variant: string }) => () => void;
}

/** One variant's interaction log: the file its range appends to and the assessment reads. */
export function variantInteractionsFile(home: string, seed: string, variant: string): string {
  // Seeds and variants are validated identifiers; escaping keeps each one path segment even so
  // ('/' and '.' too, so '..' cannot climb out of the home).
  const segment = (value: string) => encodeURIComponent(value).replace(/\./g, '%2E');
  return path.join(
    home,
    'range',
    'variants',
    segment(seed),
    segment(variant),
    'interactions.jsonl',
  );
}

interface Entry {
  readonly seed: string;
  readonly variant: string;
  readonly starting: Promise<StartedRange & { withdraw: () => void }>;
  /** The latest attempt window this range serves; past it, the range is stopped. */
  until: number;
}

export interface RunningVariant {
  readonly seed: string;
  readonly variant: string;
  readonly url: string;
  readonly until: string;
}

export class VariantRanges {
  readonly #deps: VariantRangesDeps;
  readonly #ranges = new Map<string, Entry>();
  #closed = false;

  constructor(deps: VariantRangesDeps) {
    this.#deps = deps;
  }

  interactionsFile(seed: string, variant: string): string {
    return variantInteractionsFile(this.#deps.home, seed, variant);
  }

  /**
   * The URL of the range for `seed`/`variant`, started if it is not running, kept at least until
   * `until` (an attempt window's close). Concurrent calls share one start.
   */
  async ensure(seed: string, variant: string, until: string): Promise<string> {
    if (this.#closed) throw new Error('the training ranges have been shut down');
    await this.reap();
    const key = `${seed}\u0000${variant}`;
    const closes = Date.parse(until);
    let entry = this.#ranges.get(key);
    if (!entry) {
      const starting = this.#deps
        .start({ seed, variant, violationsFile: this.interactionsFile(seed, variant) })
        .then((range) => ({
          ...range,
          withdraw: this.#deps.register({ url: range.url, seed, variant }),
        }));
      entry = { seed, variant, starting, until: closes };
      this.#ranges.set(key, entry);
      // A range that failed to start is forgotten, so the next request tries again.
      starting.catch(() => {
        if (this.#ranges.get(key) === entry) this.#ranges.delete(key);
      });
    } else if (closes > entry.until) {
      entry.until = closes;
    }
    return (await entry.starting).url;
  }

  /** Stops every range whose last attempt window has closed. */
  async reap(): Promise<void> {
    const now = this.#deps.clock.now().getTime();
    const done = [...this.#ranges].filter(([, entry]) => entry.until <= now);
    for (const [key] of done) this.#ranges.delete(key);
    await Promise.all(done.map(([, entry]) => stop(entry)));
  }

  async running(): Promise<RunningVariant[]> {
    const list: RunningVariant[] = [];
    for (const entry of this.#ranges.values()) {
      const range = await entry.starting.catch(() => null);
      if (range)
        list.push({
          seed: entry.seed,
          variant: entry.variant,
          url: range.url,
          until: new Date(entry.until).toISOString(),
        });
    }
    return list;
  }

  /** Stops them all (server shutdown); later `ensure` calls fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#ranges.values()];
    this.#ranges.clear();
    await Promise.all(all.map(stop));
  }
}

async function stop(entry: Entry): Promise<void> {
  const range = await entry.starting.catch(() => null);
  if (!range) return;
  range.withdraw();
  await range.close();
}
