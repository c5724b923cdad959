/**
 * @module Running an action from a form or a button: `busy` while it runs (buttons disable on
 * it), its failure as `error` for the ErrorBanner, cleared when the next run starts.
 */
import { useCallback, useState } from 'react';

export interface Action {
  readonly busy: boolean;
  readonly error: unknown;
  readonly setError: (error: unknown) => void;
  /** Runs `task`; a rejection becomes `error`. */
  readonly run: (task: () => Promise<unknown>) => void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback((task: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    task()
      .catch(setError)
      .finally(() => setBusy(false));
  }, []);
  return { busy, error, setError, run };
}
