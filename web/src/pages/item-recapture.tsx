/**
 * @module Recapture and diff on the item page: capture the item's URL again (a job with its stages
 * streamed, like the capture bar), then show what changed against the earlier capture — text
 * added and removed, media changed, "no longer available" when the content is gone — with the two
 * capture times and both screenshots side by side (SWGDE 21-F-001 §4.2).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { client, describeError, fetchArtifact, followJob, unwrap } from '../api.js';
import type { Job } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { SensitiveImage } from '../components/sensitive-image.js';
import { UserText } from '../components/user-text.js';
import { links } from '../router.js';
import { useAsync } from '../use-async.js';

interface Progress {
  readonly status: 'running' | 'done' | 'failed';
  readonly stages: readonly string[];
  readonly itemId: string | null;
  readonly error: string | null;
}

/** The "Recapture" form: a reason is required, progress streams in, then the diff opens. */
export function RecapturePanel(props: { itemId: string; graphic: boolean }): ReactElement {
  const { itemId } = props;
  const [reason, setReason] = useState('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    void client.api
      .POST('/api/items/{id}/recapture', {
        params: { path: { id: itemId } },
        body: { reason },
      })
      .then((result) => {
        const job = unwrap(result);
        const stages: string[] = [];
        setProgress({ status: 'running', stages, itemId: null, error: null });
        abort.current = new AbortController();
        return followJob(
          job.id,
          ({ event: name, data }) => {
            if (name === 'progress') {
              const { stage, detail } = data as { stage?: string; detail?: string };
              stages.push(`${stage ?? '?'}${detail ? ` — ${detail}` : ''}`);
              setProgress({ status: 'running', stages: [...stages], itemId: null, error: null });
            } else if (name === 'done') {
              const result = (data as Partial<Job>).result;
              const next = typeof result?.itemId === 'string' ? result.itemId : null;
              setProgress({ status: 'done', stages: [...stages], itemId: next, error: null });
            } else if (name === 'failed') {
              setProgress({
                status: 'failed',
                stages: [...stages],
                itemId: null,
                error: (data as Job).error ?? 'the recapture failed',
              });
            }
          },
          abort.current.signal,
        );
      })
      .catch((failure: unknown) => {
        if (!abort.current?.signal.aborted) setError(failure);
      });
  };

  return (
    <section className="panel recapture" aria-labelledby="recapture-title">
      <h2 id="recapture-title">Recapture</h2>
      <p className="fine-print">
        Captures this URL again into the case and compares the two captures: edits, removed media,
        or a post that is no longer available.
      </p>
      <form className="row" onSubmit={submit}>
        <label className="grow">
          Reason for recapture
          <input
            name="recaptureReason"
            dir="auto"
            required
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <button type="submit" disabled={progress?.status === 'running'}>
          Recapture
        </button>
      </form>
      <ErrorBanner error={error} />
      {progress ? (
        <div data-testid="recapture-progress" data-status={progress.status}>
          <span className={`badge status-${progress.status}`}>{progress.status}</span>
          {progress.stages.length > 0 ? (
            <ol className="stages" aria-live="polite">
              {progress.stages.map((stage, at) => (
                <li key={at}>
                  <UserText value={stage} />
                </li>
              ))}
            </ol>
          ) : null}
          {progress.error ? (
            <p className="error" dir="auto">
              {progress.error}
            </p>
          ) : null}
        </div>
      ) : null}
      {progress?.itemId ? (
        <>
          <p>
            New capture: <a href={links.item(progress.itemId)}>{progress.itemId}</a>
          </p>
          <DiffView itemId={progress.itemId} graphic={props.graphic} />
        </>
      ) : null}
    </section>
  );
}

/** The comparison of `itemId` with the capture it repeats (or `against`). */
export function DiffView(props: {
  itemId: string;
  against?: string;
  graphic: boolean;
}): ReactElement {
  const { itemId, against } = props;
  const diff = useAsync(
    async () =>
      unwrap(
        await client.api.GET('/api/items/{id}/diff', {
          params: { path: { id: itemId }, query: against ? { against } : {} },
        }),
      ),
    [itemId, against],
  );
  if (diff.error) return <ErrorBanner error={diff.error} />;
  if (!diff.value) return <p className="loading">Comparing…</p>;
  const { before, after, comparison } = diff.value;
  const lines = comparison.textDiff === '' ? [] : comparison.textDiff.split('\n');
  return (
    <div className="diff" data-testid="diff" data-changed={String(comparison.changed)}>
      {comparison.gone ? (
        <p className="gone" role="alert" data-testid="gone">
          No longer available: the content was removed ({comparison.goneReason}). The earlier
          capture {before.id} is the evidence of what was there.
        </p>
      ) : (
        <p className={comparison.changed ? 'notice' : 'ok'} data-testid="diff-summary">
          {comparison.changed ? 'Changed since the earlier capture.' : 'No change found.'}
        </p>
      )}
      <dl className="facts">
        <dt>Earlier capture</dt>
        <dd>
          <a href={links.item(before.id)}>{before.id}</a> at{' '}
          <time dateTime={before.capturedAt}>{utc(before.capturedAt)}</time> (status{' '}
          {before.status ?? '—'})
        </dd>
        <dt>This capture</dt>
        <dd>
          <a href={links.item(after.id)}>{after.id}</a> at{' '}
          <time dateTime={after.capturedAt}>{utc(after.capturedAt)}</time> (status{' '}
          {after.status ?? '—'})
        </dd>
      </dl>
      {lines.length > 0 ? (
        <div className="table-scroll">
          <pre className="text-diff" aria-label="Text changes">
            {lines.map((line, at) => {
              const kind = line.startsWith('@@')
                ? 'hunk'
                : line.startsWith('+')
                  ? 'added'
                  : line.startsWith('-')
                    ? 'removed'
                    : 'kept';
              return (
                <span key={at} className={`diff-${kind}`} dir="auto">
                  {line}
                  {'\n'}
                </span>
              );
            })}
          </pre>
        </div>
      ) : null}
      {comparison.mediaAdded.length + comparison.mediaRemoved.length > 0 ? (
        <ul className="media-changes" aria-label="Media changes">
          {comparison.mediaRemoved.map((url) => (
            <li key={`-${url}`} className="diff-removed">
              media removed: <UserText value={url} className="url" />
            </li>
          ))}
          {comparison.mediaAdded.map((url) => (
            <li key={`+${url}`} className="diff-added">
              media added: <UserText value={url} className="url" />
            </li>
          ))}
        </ul>
      ) : null}
      <div className="side-by-side">
        <Shot
          label={`Earlier: ${before.id}`}
          itemId={before.id}
          sha256={before.screenshot}
          graphic={props.graphic}
        />
        <Shot
          label={`This: ${after.id}`}
          itemId={after.id}
          sha256={after.screenshot}
          graphic={props.graphic}
        />
      </div>
    </div>
  );
}

function Shot(props: {
  label: string;
  itemId: string;
  sha256: string | null;
  graphic: boolean;
}): ReactElement {
  const { itemId, sha256 } = props;
  const load = useCallback(
    () => fetchArtifact(itemId, sha256 ?? '', 'recapture comparison: screenshots side by side'),
    [itemId, sha256],
  );
  return (
    <figure className="shot">
      <figcaption>{props.label}</figcaption>
      {sha256 ? (
        <SensitiveImage
          load={load}
          alt={`screenshot of ${itemId}`}
          graphic={props.graphic}
          itemId={itemId}
          sha256={sha256}
        />
      ) : (
        <p className="absent">{describeError(new Error('no screenshot in this capture'))}</p>
      )}
    </figure>
  );
}
