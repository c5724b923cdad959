/**
 * @module The court report's options on the Exports screen: which exhibits it covers (every item
 * of the case, or the ones ticked, each shown with what it still lacks under R19 and R10) and
 * whether redacted working copies stand in for screenshots (R5, said so in the report).
 */
import type { ReactElement } from 'react';
import { client, unwrap } from '../api.js';
import type { Item } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { UserText } from '../components/user-text.js';
import { useAsync } from '../use-async.js';

/** What the report covers: `items` null means every item of the case. */
export interface ReportChoice {
  readonly items: readonly string[] | null;
  readonly workingCopies: boolean;
}

export const EVERY_ITEM: ReportChoice = { items: null, workingCopies: false };

/** One page of the case's items is what a screen can offer; larger cases use `vigil report --items`. */
const LIMIT = 1000;

export function ReportOptions(props: {
  caseId: string;
  value: ReportChoice;
  onChange: (choice: ReportChoice) => void;
}): ReactElement {
  const { caseId, value, onChange } = props;
  // The pre-flight of the whole case says, per item, what it lacks; nothing is made or disclosed.
  const state = useAsync(async () => {
    const [items, readiness] = await Promise.all([
      client.api.GET('/api/cases/{id}/items', {
        params: { path: { id: caseId }, query: { limit: LIMIT } },
      }),
      client.api.GET('/api/cases/{id}/report/readiness', {
        params: { path: { id: caseId }, query: {} },
      }),
    ]);
    const page = unwrap(items);
    const missing = new Map<string, string[]>();
    for (const problem of unwrap(readiness).problems)
      missing.set(problem.itemId, [...(missing.get(problem.itemId) ?? []), problem.missing]);
    return { items: page.items, more: page.next !== null, missing };
  }, [caseId]);
  const chosen = new Set(value.items ?? []);
  const tick = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    onChange({ ...value, items: [...next] });
  };
  return (
    <fieldset className="report-options">
      <legend>Court report</legend>
      <ErrorBanner error={state.error} />
      <label className="check">
        <input
          type="radio"
          name="reportScope"
          checked={value.items === null}
          onChange={() => onChange({ ...value, items: null })}
        />
        Every item of the case
      </label>
      <label className="check">
        <input
          type="radio"
          name="reportScope"
          checked={value.items !== null}
          onChange={() => onChange({ ...value, items: [] })}
        />
        Only the items ticked
      </label>
      {state.value ? (
        <ul className="report-items" data-testid="report-items">
          {state.value.items.map((item: Item) => {
            const lacks = state.value?.missing.get(item.id);
            return (
              <li key={item.id} data-ready={lacks ? 'false' : 'true'}>
                <label className="check">
                  <input
                    type="checkbox"
                    disabled={value.items === null}
                    checked={value.items === null || chosen.has(item.id)}
                    onChange={(event) => tick(item.id, event.target.checked)}
                  />
                  {`Report ${item.id} `}
                  <UserText value={item.name} />
                </label>{' '}
                {lacks ? (
                  <span className="fine-print error" dir="auto">
                    missing {lacks.join('; ')}
                  </span>
                ) : (
                  <span className="badge">ready</span>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
      {state.value?.more ? (
        <p className="fine-print">
          Only the first {LIMIT} items are listed; for a larger selection use{' '}
          <code>vigil report --items</code>.
        </p>
      ) : null}
      <label className="check">
        <input
          type="checkbox"
          checked={value.workingCopies}
          onChange={(event) => onChange({ ...value, workingCopies: event.target.checked })}
        />
        Use redacted working copies of screenshots where they exist (the report says so)
      </label>
    </fieldset>
  );
}
