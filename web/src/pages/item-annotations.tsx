/**
 * @module Tags and notes on an item. A special-category tag (LED Art. 10, R11) needs a
 * justification and restricts the item to the case's leads; the server enforces both.
 */
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { client, unwrap } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { UserText } from '../components/user-text.js';
import { useAsync } from '../use-async.js';

export function AnnotationsPanel(props: { itemId: string }): ReactElement {
  const { itemId } = props;
  const annotations = useAsync(
    async () =>
      unwrap(
        await client.api.GET('/api/items/{id}/annotations', { params: { path: { id: itemId } } }),
      ),
    [itemId],
  );
  const [tag, setTag] = useState('');
  const [justification, setJustification] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const addTag = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    void client.api
      .POST('/api/items/{id}/tags', {
        params: { path: { id: itemId } },
        body: { tag, ...(justification.trim() ? { justification } : {}) },
      })
      .then((result) => {
        unwrap(result);
        setTag('');
        setJustification('');
        annotations.reload();
      })
      .catch(setError);
  };
  const addNote = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    void client.api
      .POST('/api/items/{id}/notes', { params: { path: { id: itemId } }, body: { text: note } })
      .then((result) => {
        unwrap(result);
        setNote('');
        annotations.reload();
      })
      .catch(setError);
  };
  return (
    <section className="panel" aria-labelledby="annotations">
      <h2 id="annotations">Tags and notes</h2>
      <ErrorBanner error={annotations.error ?? error} />
      {annotations.value ? (
        <>
          <ul className="tags" aria-label="Tags">
            {annotations.value.tags.map((entry) => (
              <li key={entry.tag} className={entry.special ? 'special' : undefined}>
                <UserText value={entry.tag} />
                {entry.special ? (
                  <span className="fine-print">
                    {' '}
                    special category — <UserText value={entry.justification} />
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
          <ul className="notes" aria-label="Notes">
            {annotations.value.notes.map((entry) => (
              <li key={entry.id}>
                <p className="prose">
                  <UserText value={entry.text} />
                </p>
                <p className="fine-print">
                  <UserText value={entry.author} />, {utc(entry.createdAt)}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <form className="inline" onSubmit={addTag}>
        <label>
          Tag
          <input
            dir="auto"
            required
            maxLength={64}
            value={tag}
            onChange={(e) => setTag(e.target.value)}
          />
        </label>
        <label>
          Justification (special categories)
          <input
            dir="auto"
            value={justification}
            onChange={(e) => setJustification(e.target.value)}
          />
        </label>
        <button type="submit">Add tag</button>
      </form>
      <form onSubmit={addNote}>
        <label>
          Note
          <textarea dir="auto" required value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit">Add note</button>
      </form>
    </section>
  );
}
