/**
 * @module Custody ledger events as a table (LED Art. 25): who, when, what, why, on what. The
 * reason and data are rendered as text.
 */
import type { ReactElement } from 'react';
import type { LedgerEvent } from '../api.js';
import { utc } from './format.js';
import { DataTree, Maybe, UserText } from './user-text.js';
import { links } from '../router.js';

export function LedgerTable(props: {
  events: readonly LedgerEvent[];
  caption: string;
  showCase?: boolean;
}): ReactElement {
  if (props.events.length === 0) return <p className="absent">No events.</p>;
  return (
    <div className="table-scroll">
      <table className="ledger">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            {props.showCase ? <th scope="col">Case</th> : null}
            <th scope="col">Item</th>
            <th scope="col">Reason</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {props.events.map((event) => (
            <tr key={event.seq} data-action={event.action}>
              <td>{event.seq}</td>
              <td className="nowrap">{utc(event.time)}</td>
              <td>
                <UserText value={event.actor} />
              </td>
              <td>
                <span className={`badge action-${event.action}`}>{event.action}</span>
              </td>
              {props.showCase ? <td>{event.caseId ?? '—'}</td> : null}
              <td>{event.itemId ? <a href={links.item(event.itemId)}>{event.itemId}</a> : '—'}</td>
              <td className="reason">
                <Maybe value={event.reason} />
              </td>
              <td>
                {Object.keys(event.data).length > 0 ? (
                  <details>
                    <summary>data</summary>
                    <DataTree value={event.data} />
                  </details>
                ) : (
                  '—'
                )}
                <span className="hash" title="event hash">
                  {event.hash.slice(0, 12)}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
