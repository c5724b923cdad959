/**
 * @module Exposure to graphic media per person (R18; Berkeley Protocol, ethics: "do no harm"):
 * how many times someone revealed graphic media and how long it was on their screen, this
 * session and this UTC day. Counts are stored (a restart keeps them) so a supervisor's
 * wellbeing check sees the real day; each reveal is also a ledger consultation.
 */
import { invalidInput } from '../core/errors.js';
import type { Clock } from '../core/clock.js';

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

/** One entry: a reveal, or seconds on screen, by a person in a session. */
export interface ExposureEntry {
  readonly person: string;
  /** An opaque key of the sign-in session (never the session token itself). */
  readonly session: string;
  readonly itemId: string | null;
  readonly at: string;
  readonly reveals: number;
  readonly seconds: number;
}

/** Port: an append-only log of exposure entries. Adapter: `src/store/sqlite/exposure-repository.ts`. */
export interface ExposureRepository {
  append(entry: ExposureEntry): Promise<void>;
  /** Sums of `person`'s entries at or after `since`, and of `session`'s entries. */
  totals(
    person: string,
    session: string,
    since: string,
  ): Promise<{ session: ExposureCount; since: ExposureCount }>;
}

/** Longest span one report of seconds may cover: a client cannot book a day in one call. */
export const MAX_SECONDS_PER_REPORT = 300;

export class ExposureService {
  readonly #repository: ExposureRepository;
  readonly #clock: Clock;

  constructor(deps: { repository: ExposureRepository; clock: Clock }) {
    this.#repository = deps.repository;
    this.#clock = deps.clock;
  }

  /** One reveal of graphic media of `itemId` by `person` in `session`. */
  async reveal(person: string, session: string, itemId: string): Promise<ExposureSummary> {
    await this.#repository.append({
      person,
      session,
      itemId,
      at: this.#clock.now().toISOString(),
      reveals: 1,
      seconds: 0,
    });
    return this.summary(person, session);
  }

  /** `seconds` during which revealed graphic media were on `person`'s screen. */
  async addSeconds(person: string, session: string, seconds: number): Promise<ExposureSummary> {
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_SECONDS_PER_REPORT)
      throw invalidInput(
        `exposure seconds must be between 0 and ${MAX_SECONDS_PER_REPORT}, got ${seconds}`,
        { hint: 'report the time on screen in small increments as it passes' },
      );
    await this.#repository.append({
      person,
      session,
      itemId: null,
      at: this.#clock.now().toISOString(),
      reveals: 0,
      seconds,
    });
    return this.summary(person, session);
  }

  async summary(person: string, session: string): Promise<ExposureSummary> {
    const day = this.#clock.now().toISOString().slice(0, 10);
    const totals = await this.#repository.totals(person, session, `${day}T00:00:00.000Z`);
    return { day, session: totals.session, today: totals.since };
  }
}
