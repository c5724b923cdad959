/**
 * @module A case's timeline: when each post says it was published (as the platform showed it,
 * and in UTC) against when it was captured (SWGDE 21-F-001 §7.5: displayed time and time zone).
 */
import { useState } from 'react';
import type { ReactElement } from 'react';
import { client, unwrap } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { Maybe, UserText } from '../components/user-text.js';
import { links } from '../router.js';
import { useAsync } from '../use-async.js';

function Entries(props: { caseId: string }): ReactElement {
  const timeline = useAsync(
    async () =>
      unwrap(
        await client.api.GET('/api/cases/{id}/timeline', {
          params: { path: { id: props.caseId } },
        }),
      ).entries,
    [props.caseId],
  );
  if (timeline.error) return <ErrorBanner error={timeline.error} />;
  if (!timeline.value) return <p className="loading">Loading…</p>;
  if (timeline.value.length === 0) return <p className="absent">No items yet.</p>;
  return (
    <div className="table-scroll">
      <table className="timeline">
        <caption>Content time against capture time</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Content time (as shown)</th>
            <th scope="col">Content time (UTC)</th>
            <th scope="col">Captured (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {timeline.value.map((entry) => (
            <tr key={entry.itemId}>
              <td>
                <a href={links.item(entry.itemId)}>{entry.itemId}</a>{' '}
                <UserText value={entry.name} /> <span className="badge">{entry.kind}</span>
              </td>
              <td>
                <Maybe value={entry.contentTimeShown} />
              </td>
              <td>{entry.contentTime ? utc(entry.contentTime) : '—'}</td>
              <td>{utc(entry.captureTime)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Collapsed until opened, so the timeline is read only when wanted. */
export function CaseTimeline(props: { caseId: string }): ReactElement {
  const [open, setOpen] = useState(false);
  return (
    <details className="panel" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Timeline</summary>
      {open ? <Entries caseId={props.caseId} /> : null}
    </details>
  );
}
