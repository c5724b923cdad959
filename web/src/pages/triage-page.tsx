/**
 * @module The triage queue across my cases, highest score first, reviewed from the keyboard:
 * j/k (or ↓/↑) move, Enter opens the reason field of the selected flag, Enter there accepts,
 * the Reject button rejects, Escape returns to the list.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import { client, unwrap } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { links } from '../router.js';
import { useAsync } from '../use-async.js';
import { FlagView } from './item-triage.js';

const typing = (target: EventTarget | null): boolean =>
  target instanceof HTMLInputElement ||
  target instanceof HTMLTextAreaElement ||
  target instanceof HTMLSelectElement;

export function TriagePage(): ReactElement {
  const queue = useAsync(
    async () =>
      unwrap(await client.api.GET('/api/triage/queue', { params: { query: { limit: 200 } } }))
        .flags,
    [],
  );
  const [selected, setSelected] = useState(0);
  const list = useRef<HTMLOListElement>(null);
  const flags = queue.value ?? [];
  const current = Math.min(selected, Math.max(0, flags.length - 1));

  const focusSelected = (field: boolean) => {
    const row = list.current?.querySelectorAll<HTMLElement>(':scope > li')[current];
    if (!row) return;
    if (field) row.querySelector<HTMLInputElement>('input')?.focus();
    else row.focus();
  };
  useEffect(() => {
    list.current?.querySelectorAll<HTMLElement>(':scope > li')[current]?.scrollIntoView({
      block: 'nearest',
    });
  }, [current]);

  // Keys work wherever focus is, except in a text field (where Escape returns to the list) and
  // on a link or button (where Enter keeps its usual meaning).
  const state = useRef({ current, count: flags.length, focusSelected });
  state.current = { current, count: flags.length, focusSelected };
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const { current: at, count, focusSelected: focus } = state.current;
      if (event.key === 'Escape') {
        focus(false);
        return;
      }
      if (typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === 'j' || event.key === 'ArrowDown') {
        event.preventDefault();
        setSelected(Math.min(count - 1, at + 1));
      } else if (event.key === 'k' || event.key === 'ArrowUp') {
        event.preventDefault();
        setSelected(Math.max(0, at - 1));
      } else if (
        event.key === 'Enter' &&
        !(event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement)
      ) {
        event.preventDefault();
        focus(true);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <section className="triage-page">
      <h1>Triage queue</h1>
      <p className="fine-print">
        Suggestions across your cases, highest score first. Keys: <kbd>j</kbd>/<kbd>k</kbd> move,{' '}
        <kbd>Enter</kbd> gives a reason (Enter again accepts), <kbd>Esc</kbd> back to the list.
      </p>
      <ErrorBanner error={queue.error} />
      {queue.value && flags.length === 0 ? (
        <p className="absent">Nothing waits for review.</p>
      ) : null}
      <ol className="flags queue" ref={list} aria-label="Suggested flags">
        {flags.map((flag, index) => (
          <FlagView
            key={flag.id}
            flag={flag}
            selected={index === current}
            onReviewed={() => queue.reload()}
            header={
              <p className="meta">
                <a href={links.item(flag.itemId)}>{flag.itemId}</a>
                <span className="case-id">{flag.caseId}</span>
              </p>
            }
          />
        ))}
      </ol>
    </section>
  );
}
