/**
 * @module Exposure to graphic media per person (R18; Berkeley Protocol, ethics: do no harm): how
 * many times they revealed graphic media and for how long it was on their screen, this session and
 * this UTC day. Each reveal is also a ledger consultation (the durable record); the counters live
 * in the server's memory, so a restart starts them again.
 */
import type { Clock } from '../../core/clock.js';

export interface ExposureCount {
  readonly reveals: number;
  readonly seconds: number;
}

export interface ExposureSummary {
  /** The UTC day `today` counts (YYYY-MM-DD). */
  readonly day: string;
  readonly session: ExposureCount;
  readonly today: ExposureCount;
}

const ZERO: ExposureCount = { reveals: 0, seconds: 0 };
/** Sessions remembered at most; the oldest are forgotten first (sessions last 8 hours). */
const MAX_SESSIONS = 10_000;

export class ExposureTracker {
  readonly #clock: Clock;
  readonly #sessions = new Map<string, ExposureCount>();
  readonly #days = new Map<string, ExposureCount>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** One reveal of graphic media by `person` in `session`. */
  reveal(person: string, session: string): ExposureSummary {
    return this.#add(person, session, { reveals: 1, seconds: 0 });
  }

  /** `seconds` during which revealed graphic media were on `person`'s screen. */
  addSeconds(person: string, session: string, seconds: number): ExposureSummary {
    return this.#add(person, session, { reveals: 0, seconds });
  }

  summary(person: string, session: string): ExposureSummary {
    const day = this.#day();
    return {
      day,
      session: this.#sessions.get(session) ?? ZERO,
      today: this.#days.get(`${day}|${person}`) ?? ZERO,
    };
  }

  #add(person: string, session: string, delta: ExposureCount): ExposureSummary {
    const plus = (count: ExposureCount | undefined): ExposureCount => ({
      reveals: (count?.reveals ?? 0) + delta.reveals,
      seconds: (count?.seconds ?? 0) + delta.seconds,
    });
    const day = this.#day();
    const dayKey = `${day}|${person}`;
    // Other days are never asked for again: keep only today's counters.
    for (const key of this.#days.keys()) if (!key.startsWith(`${day}|`)) this.#days.delete(key);
    this.#days.set(dayKey, plus(this.#days.get(dayKey)));
    const next = plus(this.#sessions.get(session));
    this.#sessions.delete(session);
    this.#sessions.set(session, next);
    if (this.#sessions.size > MAX_SESSIONS) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest !== undefined) this.#sessions.delete(oldest);
    }
    return this.summary(person, session);
  }

  #day(): string {
    return this.#clock.now().toISOString().slice(0, 10);
  }
}
