/**
 * @module Triage of an item (R14): the machine's suggestions with their explanations — matched
 * spans highlighted in context, the rule, lexicon or list, hash-list distance — and the person's
 * decision to accept or reject each, with a reason. Entities link to other items and cases.
 */
import { useState } from 'react';
import type { FormEvent, ReactElement, ReactNode } from 'react';
import { client, unwrap } from '../api.js';
import type { TriageFlag } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { DataTree, Maybe, UserText } from '../components/user-text.js';
import { links } from '../router.js';
import { useAsync } from '../use-async.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `…before[match]after…` (the server's context format) with the match marked; text throughout. */
export function Context(props: { context: string; match: string }): ReactElement {
  const needle = `[${props.match.replace(/\s+/gu, ' ')}]`;
  const at = props.context.indexOf(needle);
  if (at < 0) return <UserText value={props.context} className="context" />;
  return (
    <span dir="auto" className="context">
      {props.context.slice(0, at)}
      <mark>{props.match}</mark>
      {props.context.slice(at + needle.length)}
    </span>
  );
}

export function FlagView(props: {
  flag: TriageFlag & { context?: readonly string[] };
  onReviewed: () => void;
  autoFocus?: boolean;
  /** Shown above the flag (the queue names the item and case). */
  header?: ReactNode;
  selected?: boolean;
}): ReactElement {
  const { flag } = props;
  return (
    <li
      className={`flag flag-${flag.status}${props.selected ? ' selected' : ''}`}
      data-flag={flag.id}
      tabIndex={props.selected === undefined ? undefined : -1}
      aria-current={props.selected ? 'true' : undefined}
    >
      {props.header}
      <p className="meta">
        <span className="badge category">{flag.category ?? 'uncategorised'}</span>
        <span>score {flag.score.toFixed(2)}</span>
        <span className={`badge status-${flag.status}`}>{flag.status}</span>
        <span className="fine-print">
          {flag.source} · rule <UserText value={flag.rule} />
          {flag.list ? (
            <>
              {' '}
              · list <UserText value={flag.list} />
            </>
          ) : null}
          {flag.language ? ` · language ${flag.language}` : ''}
          {flag.lexiconVersion ? ` · lexicon ${flag.lexiconVersion}` : ''}
        </span>
      </p>
      {flag.spans.length > 0 ? (
        <ul className="spans">
          {flag.spans.map((span, index) => (
            <li key={`${span.start}-${span.end}`}>
              {flag.context?.[index] ? (
                <Context context={flag.context[index]} match={span.text} />
              ) : (
                <mark dir="auto">{span.text}</mark>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {flag.status === 'suggested' ? (
        <Review flag={flag} onReviewed={props.onReviewed} autoFocus={props.autoFocus} />
      ) : (
        <p className="fine-print">
          {flag.status} by <UserText value={flag.reviewedBy} /> {utc(flag.reviewedAt)}:{' '}
          <UserText value={flag.reviewReason} />
        </p>
      )}
    </li>
  );
}

function Review(props: {
  flag: TriageFlag;
  onReviewed: () => void;
  autoFocus?: boolean;
}): ReactElement {
  const { flag } = props;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const decide = (decision: 'accepted' | 'rejected') => {
    setBusy(true);
    setError(null);
    void client.api
      .POST('/api/items/{id}/triage/flags/{flagId}/review', {
        params: { path: { id: flag.itemId, flagId: flag.id } },
        body: { decision, reason },
      })
      .then((result) => {
        unwrap(result);
        props.onReviewed();
      })
      .catch((failure: unknown) => {
        setError(failure);
        setBusy(false);
      });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    decide('accepted');
  };
  return (
    <form className="review" onSubmit={submit}>
      <label>
        Reason for your decision
        <input
          dir="auto"
          required
          value={reason}
          autoFocus={props.autoFocus}
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy || reason.trim() === ''}>
        Accept
      </button>{' '}
      <button
        type="button"
        className="secondary"
        disabled={busy || reason.trim() === ''}
        onClick={() => decide('rejected')}
      >
        Reject
      </button>
      <ErrorBanner error={error} />
    </form>
  );
}

export function TriagePanel(props: { itemId: string; canRerun: boolean }): ReactElement {
  const { itemId } = props;
  const report = useAsync(
    async () =>
      unwrap(await client.api.GET('/api/items/{id}/triage', { params: { path: { id: itemId } } })),
    [itemId],
  );
  const [queued, setQueued] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const rerun = () => {
    setError(null);
    void client.api
      .POST('/api/items/{id}/triage/run', { params: { path: { id: itemId } } })
      .then((result) => setQueued(`Queued as job ${unwrap(result).id}.`))
      .catch(setError);
  };
  const value = report.value;
  return (
    <section className="panel triage" aria-labelledby="triage">
      <h2 id="triage">Triage</h2>
      <p className="fine-print">
        Machine suggestions only: a label leaves Vigil once a person accepts it (R14).
      </p>
      <ErrorBanner error={report.error ?? error} />
      {value ? (
        <>
          {value.flags.length === 0 ? <p className="absent">No flags.</p> : null}
          <ul className="flags">
            {value.flags.map((flag) => (
              <FlagView key={flag.id} flag={flag} onReviewed={() => report.reload()} />
            ))}
          </ul>
          {value.matches.length > 0 ? (
            <>
              <h3>Hash-list matches</h3>
              <ul className="matches">
                {value.matches.map((match, index) => (
                  <li key={index}>
                    <UserText value={match.list} /> via <UserText value={match.via} />, distance{' '}
                    <UserText value={match.distance} />
                    <details>
                      <summary>labels and provenance</summary>
                      <DataTree value={{ labels: match.labels, provenance: match.provenance }} />
                    </details>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {value.entities.length > 0 ? (
            <>
              <h3>Entities</h3>
              <ul className="entities">
                {value.entities.map((entity, index) => (
                  <li key={index}>
                    <span className="badge">
                      <UserText value={entity.type} />
                    </span>{' '}
                    <UserText value={entity.value} />
                    {Array.isArray(entity.links) && entity.links.length > 0 ? (
                      <span className="fine-print">
                        {' '}
                        also in{' '}
                        {(entity.links as unknown[]).filter(isRecord).map((link, at) => (
                          <span key={at}>
                            {at > 0 ? ', ' : ''}
                            <a href={links.item(String(link.itemId))}>{String(link.itemId)}</a> (
                            {String(link.caseId)})
                          </span>
                        ))}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {value.ocr.length > 0 ? (
            <>
              <h3>OCR</h3>
              {value.ocr.map((ocr, index) => (
                <details key={index}>
                  <summary>
                    Text read from an image
                    {typeof ocr.confidence === 'number'
                      ? ` (confidence ${ocr.confidence.toFixed(0)})`
                      : ''}
                  </summary>
                  <DataTree value={ocr} />
                </details>
              ))}
            </>
          ) : null}
          {isRecord(value.run) ? (
            <p className="fine-print">
              Last run <Maybe value={value.run.createdAt} />
            </p>
          ) : null}
        </>
      ) : null}
      {props.canRerun ? (
        <p>
          <button type="button" className="secondary" onClick={rerun}>
            Run triage again
          </button>{' '}
          {queued ? <span role="status">{queued}</span> : null}
        </p>
      ) : null}
    </section>
  );
}
