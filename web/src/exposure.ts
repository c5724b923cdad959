/**
 * @module Exposure to graphic media (R18; Berkeley Protocol, ethics: do no harm), counted by the
 * server: each reveal is recorded there (a ledger consultation with `data.exposure = graphic`),
 * and the seconds revealed graphic media are on a visible page are reported every few seconds.
 * The header shows this session's count and time, and today's across sessions.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { client, unwrap } from './api.js';

export interface ExposureCount {
  readonly reveals: number;
  readonly seconds: number;
}

export interface Exposure {
  readonly session: ExposureCount;
  readonly today: ExposureCount;
}

const ZERO: Exposure = { session: { reveals: 0, seconds: 0 }, today: { reveals: 0, seconds: 0 } };
/** Seconds are sent in batches: one request per few seconds of viewing, not one per second. */
const REPORT_EVERY = 5;

class ExposureTracker {
  #server: Exposure = ZERO;
  /** Seconds counted here and not yet acknowledged by the server. */
  #unsent = 0;
  #state: Exposure = ZERO;
  #onScreen = 0;
  #timer: number | null = null;
  readonly #listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly snapshot = (): Exposure => this.#state;

  /** Loads this person's counts from the server (after sign-in or a reload). */
  async load(): Promise<void> {
    this.#accept(unwrap(await client.api.GET('/api/me/exposure')));
  }

  /** A person chose to see graphic media of `itemId`: recorded by the server before it shows. */
  async reveal(itemId: string, sha256?: string): Promise<void> {
    const summary = unwrap(
      await client.api.POST('/api/items/{id}/exposure', {
        params: { path: { id: itemId } },
        body: sha256 ? { sha256 } : {},
      }),
    );
    this.#accept(summary);
  }

  /** Revealed graphic media appeared on screen; call the returned function when it leaves. */
  onScreen(): () => void {
    this.#onScreen += 1;
    if (this.#timer === null) {
      this.#timer = window.setInterval(() => {
        if (document.visibilityState !== 'visible') return;
        this.#unsent += 1;
        this.#publish();
        if (this.#unsent >= REPORT_EVERY) void this.flush();
      }, 1000);
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#onScreen -= 1;
      if (this.#onScreen === 0 && this.#timer !== null) {
        window.clearInterval(this.#timer);
        this.#timer = null;
        void this.flush();
      }
    };
  }

  /** Sends the seconds not yet reported. */
  async flush(): Promise<void> {
    const seconds = Math.min(this.#unsent, 300);
    if (seconds === 0) return;
    this.#unsent -= seconds;
    try {
      this.#accept(unwrap(await client.api.POST('/api/me/exposure', { body: { seconds } })));
    } catch {
      // Not lost: counted again with the next report.
      this.#unsent += seconds;
      this.#publish();
    }
  }

  reset(): void {
    this.#server = ZERO;
    this.#unsent = 0;
    this.#publish();
  }

  #accept(summary: Exposure): void {
    this.#server = { session: summary.session, today: summary.today };
    this.#publish();
  }

  #publish(): void {
    const add = (count: ExposureCount) => ({ ...count, seconds: count.seconds + this.#unsent });
    this.#state = { session: add(this.#server.session), today: add(this.#server.today) };
    for (const listener of this.#listeners) listener();
  }
}

export const exposure = new ExposureTracker();

/** The signed-in person's exposure; loaded from the server when first used. */
export function useExposure(): Exposure {
  useEffect(() => {
    void exposure.load().catch(() => undefined);
  }, []);
  return useSyncExternalStore(exposure.subscribe, exposure.snapshot);
}

/** `m:ss`, or `h:mm:ss` from an hour. */
export const formatDuration = (seconds: number): string => {
  const minutes = Math.floor(seconds / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return minutes >= 60
    ? `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}:${rest}`
    : `${minutes}:${rest}`;
};
