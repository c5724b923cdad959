/**
 * @module The capture bar of a case: paste one URL or several, choose a persona, watch each
 * capture's stages stream in (server-sent events), and land on the new item.
 */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { client, describeError, followJob, unwrap } from '../api.js';
import type { Job, SignedIn } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { UserText } from '../components/user-text.js';
import { can } from '../permissions.js';
import { links, navigate } from '../router.js';
import { useAsync } from '../use-async.js';

interface Tracked {
  readonly url: string;
  readonly job: number | null;
  readonly stages: readonly string[];
  readonly status: 'queued' | 'running' | 'done' | 'failed' | 'refused';
  readonly itemId: string | null;
  readonly error: string | null;
}

const itemOf = (job: unknown): string | null => {
  const result = (job as Partial<Job> | null)?.result;
  return result && typeof result.itemId === 'string' ? result.itemId : null;
};

export function CaptureBar(props: {
  caseId: string;
  user: SignedIn;
  onCaptured: () => void;
}): ReactElement {
  const { caseId, user } = props;
  const [urls, setUrls] = useState('');
  const [reason, setReason] = useState('');
  const [persona, setPersona] = useState('');
  const [tracked, setTracked] = useState<Tracked[]>([]);
  const [error, setError] = useState<unknown>(null);
  const aborts = useRef<AbortController[]>([]);
  const personas = useAsync(
    async () =>
      can(user, 'persona.list')
        ? unwrap(await client.api.GET('/api/personas')).personas.filter((p) =>
            p.users.includes(user.name),
          )
        : [],
    [user.name],
  );
  useEffect(() => () => aborts.current.forEach((abort) => abort.abort()), []);

  const update = (index: number, change: Partial<Tracked>) =>
    setTracked((all) => all.map((entry, at) => (at === index ? { ...entry, ...change } : entry)));

  const follow = (index: number, job: Job, single: boolean) => {
    const abort = new AbortController();
    aborts.current.push(abort);
    const stages: string[] = [];
    followJob(
      job.id,
      ({ event, data }) => {
        if (event === 'progress') {
          const { stage, detail } = data as { stage?: string; detail?: string };
          stages.push(`${stage ?? '?'}${detail ? ` — ${detail}` : ''}`);
          update(index, { status: 'running', stages: [...stages] });
        } else if (event === 'done') {
          const itemId = itemOf(data);
          update(index, { status: 'done', itemId });
          props.onCaptured();
          if (single && itemId) navigate(links.item(itemId));
        } else if (event === 'failed') {
          update(index, { status: 'failed', error: (data as Job).error ?? 'the capture failed' });
        }
      },
      abort.signal,
    ).catch((failure: unknown) => {
      if (!abort.signal.aborted) update(index, { status: 'failed', error: describeError(failure) });
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const list = urls
      .split(/\s+/u)
      .map((url) => url.trim())
      .filter(Boolean);
    if (list.length === 0) return;
    const start = tracked.length;
    setTracked((all) => [
      ...all,
      ...list.map((url): Tracked => ({
        url,
        job: null,
        stages: [],
        status: 'queued',
        itemId: null,
        error: null,
      })),
    ]);
    list.forEach((url, offset) => {
      void client.api
        .POST('/api/cases/{id}/captures', {
          params: { path: { id: caseId } },
          body: { url, reason, ...(persona ? { persona } : {}) },
        })
        .then((result) => {
          const job = unwrap(result);
          update(start + offset, { job: job.id, status: job.status });
          follow(start + offset, job, list.length === 1);
        })
        .catch((failure: unknown) =>
          update(start + offset, { status: 'refused', error: describeError(failure) }),
        );
    });
    setUrls('');
  };

  return (
    <form className="panel capture-bar" onSubmit={submit} aria-labelledby="capture-title">
      <h3 id="capture-title">Capture</h3>
      <div className="row">
        <label className="grow">
          URL (one per line for several)
          <textarea
            name="urls"
            required
            rows={1}
            value={urls}
            onChange={(e) => setUrls(e.target.value)}
            placeholder="https://…"
          />
        </label>
        <label>
          Reason
          <input
            name="captureReason"
            dir="auto"
            required
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <label>
          Persona
          <select name="persona" value={persona} onChange={(e) => setPersona(e.target.value)}>
            <option value="">none (no login)</option>
            {(personas.value ?? []).map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <button type="submit">Capture</button>
      <ErrorBanner error={error ?? personas.error} />
      {tracked.length > 0 ? (
        <ol className="captures" aria-label="Captures">
          {tracked.map((entry, index) => (
            <li key={index} data-status={entry.status}>
              <UserText value={entry.url} className="url" />{' '}
              <span className={`badge status-${entry.status}`}>{entry.status}</span>
              {entry.job !== null ? <span className="fine-print"> job {entry.job}</span> : null}
              {entry.stages.length > 0 ? (
                <ol className="stages" aria-live="polite">
                  {entry.stages.map((stage, at) => (
                    <li key={at}>
                      <UserText value={stage} />
                    </li>
                  ))}
                </ol>
              ) : null}
              {entry.itemId ? <a href={links.item(entry.itemId)}>Open {entry.itemId}</a> : null}
              {entry.error ? (
                <p className="error" dir="auto">
                  {entry.error}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </form>
  );
}
