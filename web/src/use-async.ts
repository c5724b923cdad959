/**
 * @module Loading data in a component: the value, the error, and a reload function. A late answer
 * for an earlier request never overwrites a newer one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Async<T> {
  readonly value: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
}

export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): Async<T> {
  const [state, setState] = useState<{ value: T | undefined; error: unknown; loading: boolean }>({
    value: undefined,
    error: null,
    loading: true,
  });
  const generation = useRef(0);
  const [tick, setTick] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    const mine = ++generation.current;
    setState((previous) => ({ ...previous, loading: true }));
    run().then(
      (value) => {
        if (mine === generation.current) setState({ value, error: null, loading: false });
      },
      (error: unknown) => {
        if (mine === generation.current) setState({ value: undefined, error, loading: false });
      },
    );
  }, [run, tick]);
  const reload = useCallback(() => setTick((value) => value + 1), []);
  return { ...state, reload };
}
