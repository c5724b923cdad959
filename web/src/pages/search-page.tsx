/**
 * @module Full-text search across the cases I may read (captured text, posts, OCR, notes, tags).
 * Snippets mark matches between « and »; they are split into text and <mark>, never parsed as HTML.
 */
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { client, unwrap } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { UserText } from '../components/user-text.js';
import { links, moreLinks, navigate } from '../router.js';
import { useAsync } from '../use-async.js';

/** «match» → <mark>match</mark>; everything else stays text. */
export function Snippet(props: { text: string }): ReactElement {
  const parts = props.text.split(/«|»/u);
  return (
    <span dir="auto" className="snippet">
      {parts.map((part, index) => (index % 2 === 1 ? <mark key={index}>{part}</mark> : part))}
    </span>
  );
}

export function SearchPage(props: { q: string; caseId: string | null }): ReactElement {
  const [q, setQ] = useState(props.q);
  const [caseId, setCaseId] = useState(props.caseId ?? '');
  const hits = useAsync(
    async () =>
      props.q.trim()
        ? unwrap(
            await client.api.GET('/api/search', {
              params: { query: { q: props.q, ...(props.caseId ? { case: props.caseId } : {}) } },
            }),
          ).hits
        : null,
    [props.q, props.caseId],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(moreLinks.search(q.trim(), /^C-[0-9]+$/.test(caseId.trim()) ? caseId.trim() : null));
  };
  return (
    <section>
      <h1>Search</h1>
      <form className="filters" role="search" onSubmit={submit}>
        <label>
          Words
          <input
            type="search"
            name="q"
            dir="auto"
            required
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </label>
        <label>
          Case (optional)
          <input
            name="case"
            pattern="C-[0-9]+"
            placeholder="C-1"
            value={caseId}
            onChange={(e) => setCaseId(e.target.value)}
          />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorBanner error={hits.error} />
      {hits.value ? (
        hits.value.length === 0 ? (
          <p className="absent">No matches.</p>
        ) : (
          <ol className="hits">
            {hits.value.map((hit) => (
              <li key={hit.itemId}>
                <a href={links.item(hit.itemId)}>
                  <UserText value={hit.name} />
                </a>{' '}
                <span className="case-id">
                  {hit.itemId} · {hit.caseId}
                </span>{' '}
                {hit.platform ? <UserText value={hit.platform} className="platform" /> : null}{' '}
                <span className="fine-print">{utc(hit.collectedAt)}</span>
                <p>
                  <Snippet text={hit.snippet} />
                </p>
              </li>
            ))}
          </ol>
        )
      ) : null}
    </section>
  );
}
