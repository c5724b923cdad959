/**
 * @module Exposure to graphic media (R18; Berkeley Protocol, ethics: do no harm): how many times
 * this person revealed blurred media in this browser session, and for how long revealed media has
 * been on screen. Kept in sessionStorage so it survives navigation but not the session.
 */
import { useSyncExternalStore } from 'react';

export interface Exposure {
  /** Clicks that revealed a blurred image. */
  readonly reveals: number;
  /** Seconds during which at least one revealed image was on a visible page. */
  readonly seconds: number;
}

const KEY = 'vigil.exposure';

const read = (): Exposure => {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<Exposure> | null;
    return {
      reveals: typeof value?.reveals === 'number' ? value.reveals : 0,
      seconds: typeof value?.seconds === 'number' ? value.seconds : 0,
    };
  } catch {
    return { reveals: 0, seconds: 0 };
  }
};

class ExposureTracker {
  #state: Exposure = read();
  #onScreen = 0;
  #timer: number | null = null;
  readonly #listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly snapshot = (): Exposure => this.#state;

  /** A person chose to see one blurred image. */
  reveal(): void {
    this.#set({ ...this.#state, reveals: this.#state.reveals + 1 });
  }

  /** A revealed image appeared on screen; call the returned function when it leaves. */
  onScreen(): () => void {
    this.#onScreen += 1;
    if (this.#timer === null) {
      this.#timer = window.setInterval(() => {
        if (document.visibilityState === 'visible')
          this.#set({ ...this.#state, seconds: this.#state.seconds + 1 });
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
      }
    };
  }

  reset(): void {
    this.#set({ reveals: 0, seconds: 0 });
  }

  #set(state: Exposure): void {
    this.#state = state;
    sessionStorage.setItem(KEY, JSON.stringify(state));
    for (const listener of this.#listeners) listener();
  }
}

export const exposure = new ExposureTracker();

export const useExposure = (): Exposure =>
  useSyncExternalStore(exposure.subscribe, exposure.snapshot);

/** `m:ss`. */
export const formatDuration = (seconds: number): string =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
