/**
 * @module Content that came from outside (captured pages, file names, metadata, reasons): always
 * a text node (React escapes it), always `dir="auto"` so Arabic and Urdu read right to left.
 */
import type { ReactElement } from 'react';

/** One piece of user or captured content, rendered as text with its own direction. */
export function UserText(props: { value: unknown; className?: string }): ReactElement {
  const { value } = props;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === null || value === undefined) text = '';
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    text = String(value);
  else text = JSON.stringify(value) ?? '';
  return (
    <span dir="auto" className={props.className ?? 'user-text'}>
      {text}
    </span>
  );
}

/** A value that may be absent: a dash in that case. */
export function Maybe(props: { value: unknown; className?: string }): ReactElement {
  if (props.value === null || props.value === undefined || props.value === '')
    return <span className="absent">—</span>;
  return <UserText value={props.value} className={props.className} />;
}

/** Any JSON value as nested definition lists; strings stay text, keys too. */
export function DataTree(props: { value: unknown; depth?: number }): ReactElement {
  const { value } = props;
  const depth = props.depth ?? 0;
  if (Array.isArray(value)) {
    const list: readonly unknown[] = value;
    if (list.length === 0) return <span className="absent">none</span>;
    return (
      <ol className="data-list">
        {list.map((entry, index) => (
          <li key={index}>
            <DataTree value={entry} depth={depth + 1} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === 'object' && value !== null) {
    const entries: [string, unknown][] = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return <span className="absent">none</span>;
    return (
      <dl className="data-tree">
        {entries.map(([key, entry]) => (
          <div key={key} className="data-row">
            <dt>
              <UserText value={key} />
            </dt>
            <dd>
              <DataTree value={entry} depth={depth + 1} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <Maybe value={value} />;
}
