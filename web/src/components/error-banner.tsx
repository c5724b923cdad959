/**
 * @module An error line that screen readers announce.
 */
import type { ReactElement } from 'react';
import { describeError } from '../api.js';

export function ErrorBanner(props: { error: unknown }): ReactElement | null {
  if (props.error === null || props.error === undefined) return null;
  return (
    <p role="alert" className="error" dir="auto">
      {describeError(props.error)}
    </p>
  );
}
