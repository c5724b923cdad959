/**
 * @module One cohort for its trainer (issue 9): enrol trainees (each on their own variant, R24),
 * assign scenario packs with time windows, the dashboard per trainee per criterion with its CSV
 * export, and per attempt the feedback, overrides with a reason (append-only history, R25) and
 * revocation of the certificate (R26).
 */
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { CRITERIA } from '../../../src/training/assessment/assessment-types.js';
import { client, unwrap } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { UserText } from '../components/user-text.js';
import { trainingLinks } from '../router.js';
import { useAction } from '../use-action.js';
import { useAsync } from '../use-async.js';
import { RevokeForm } from './training-certificate.js';
import type { Cohort } from './training-cohorts.js';
import { CriteriaTable, OverrideHistory, WindowBadge } from './training-shared.js';
import type { Attempt } from './training-shared.js';

interface CohortDetail extends Cohort {
  readonly enrolments: { trainee: string; variant: string; enrolledAt: string }[];
  readonly assignments: { id: string; scenario: string; opensAt: string; closesAt: string }[];
}

interface DashboardRow {
  readonly trainee: string;
  readonly assignmentId: string;
  readonly scenario: string;
  readonly status: string;
  readonly score: number | null;
  readonly automaticScore: number | null;
  readonly max: number | null;
  readonly passed: boolean | null;
  readonly flagged: boolean;
  readonly criteria: Record<string, number>;
  readonly overrides: number;
  readonly certificate: { id: string; revoked: boolean } | null;
}

export function CohortPage(props: { id: string }): ReactElement {
  const detail = useAsync(
    async () =>
      unwrap(
        await client.api.GET('/api/cohorts/{id}', { params: { path: { id: props.id } } }),
      ) as unknown as CohortDetail,
    [props.id],
  );
  const dashboard = useAsync(
    async () =>
      (
        unwrap(
          await client.api.GET('/api/cohorts/{id}/dashboard', {
            params: { path: { id: props.id } },
          }),
        ) as unknown as { rows: DashboardRow[] }
      ).rows,
    [props.id],
  );
  const [reviewing, setReviewing] = useState<string | null>(null);
  const reload = () => {
    detail.reload();
    dashboard.reload();
  };
  const cohort = detail.value;
  if (detail.error) return <ErrorBanner error={detail.error} />;
  if (!cohort) return <p className="loading">Loading…</p>;
  return (
    <section className="cohort-page">
      <p className="fine-print">
        <a href={trainingLinks.cohorts}>Cohorts</a> › {cohort.id}
      </p>
      <h1>
        {cohort.id} <UserText value={cohort.name} />
      </h1>
      <p className="fine-print">
        Range seed <code>{cohort.seed}</code> · created {utc(cohort.createdAt)} by{' '}
        <UserText value={cohort.createdBy} />
      </p>
      <div className="columns">
        <Enrol cohort={cohort} onDone={reload} />
        <Assign cohort={cohort} onDone={reload} />
      </div>
      <section className="panel" aria-labelledby="dashboard">
        <h2 id="dashboard">Dashboard</h2>
        <p>
          <a
            href={`/api/cohorts/${encodeURIComponent(cohort.id)}/dashboard?format=csv`}
            download={`${cohort.id}-dashboard.csv`}
          >
            Export CSV
          </a>
        </p>
        <ErrorBanner error={dashboard.error} />
        {dashboard.value && dashboard.value.length === 0 ? (
          <p className="absent">Enrol trainees and assign a scenario to see results.</p>
        ) : null}
        {dashboard.value && dashboard.value.length > 0 ? (
          <div className="table-scroll">
            <table className="dashboard">
              <thead>
                <tr>
                  <th scope="col">Trainee</th>
                  <th scope="col">Assignment</th>
                  <th scope="col">Status</th>
                  {CRITERIA.map((c) => (
                    <th scope="col" key={c}>
                      {c.replace('_', ' ')}
                    </th>
                  ))}
                  <th scope="col">Score</th>
                  <th scope="col">Certificate</th>
                  <th scope="col">Review</th>
                </tr>
              </thead>
              <tbody>
                {dashboard.value.map((r) => {
                  const attemptId = `${r.assignmentId}~${r.trainee}`;
                  return (
                    <tr key={attemptId} data-row={attemptId}>
                      <th scope="row">
                        <UserText value={r.trainee} />
                      </th>
                      <td>
                        {r.assignmentId} <span className="fine-print">{r.scenario}</span>
                      </td>
                      <td>
                        {r.status.replace('_', ' ')}
                        {r.flagged ? <span className="badge danger">flagged</span> : null}
                      </td>
                      {CRITERIA.map((c) => (
                        <td key={c}>{r.criteria[c] ?? '—'}</td>
                      ))}
                      <td className="nowrap" data-testid="row-score">
                        {r.score === null ? '—' : `${r.score}/${r.max ?? '?'}`}
                        {r.passed ? <span className="badge approved">passed</span> : null}
                        {r.overrides > 0 ? (
                          <span className="fine-print"> ({r.overrides} override(s))</span>
                        ) : null}
                      </td>
                      <td>
                        {r.certificate ? (
                          <>
                            <a href={trainingLinks.certificate(r.certificate.id)}>
                              {r.certificate.id}
                            </a>
                            {r.certificate.revoked ? (
                              <span className="badge danger">revoked</span>
                            ) : null}
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        {r.status === 'submitted' ? (
                          <button
                            type="button"
                            className="link-button"
                            aria-expanded={reviewing === attemptId}
                            onClick={() => setReviewing(reviewing === attemptId ? null : attemptId)}
                          >
                            Review {r.trainee}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      {reviewing ? <Review key={reviewing} attemptId={reviewing} onChange={reload} /> : null}
    </section>
  );
}

function Enrol(props: { cohort: CohortDetail; onDone: () => void }): ReactElement {
  const enrolled = new Set(props.cohort.enrolments.map((e) => e.trainee));
  const users = useAsync(
    async () =>
      unwrap(await client.api.GET('/api/users')).users.filter(
        (u) => u.role === 'trainee' && !u.disabled,
      ),
    [],
  );
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const { busy, error, run } = useAction();
  const available = (users.value ?? []).filter((u) => !enrolled.has(u.name));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(() =>
      client.api
        .POST('/api/cohorts/{id}/enrolments', {
          params: { path: { id: props.cohort.id } },
          body: { trainees: [...chosen] },
        })
        .then((result) => {
          unwrap(result);
          setChosen(new Set());
          props.onDone();
        }),
    );
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="enrol">
      <h2 id="enrol">Trainees</h2>
      {props.cohort.enrolments.length > 0 ? (
        <ul className="case-list">
          {props.cohort.enrolments.map((e) => (
            <li key={e.trainee}>
              <UserText value={e.trainee} />{' '}
              <span className="fine-print">
                variant <code>{e.variant}</code>
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="absent">No trainee enrolled yet.</p>
      )}
      <fieldset>
        <legend>Enrol trainees</legend>
        {users.value && available.length === 0 ? (
          <p className="fine-print">Every trainee account is enrolled.</p>
        ) : null}
        {available.map((u) => (
          <label key={u.name} className="choice">
            <input
              type="checkbox"
              name="trainee"
              value={u.name}
              checked={chosen.has(u.name)}
              onChange={(event) => {
                const next = new Set(chosen);
                if (event.target.checked) next.add(u.name);
                else next.delete(u.name);
                setChosen(next);
              }}
            />{' '}
            <UserText value={u.name} />
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={busy || chosen.size === 0}>
        {busy ? 'Enrolling…' : 'Enrol'}
      </button>
      <ErrorBanner error={users.error ?? error} />
    </form>
  );
}

/** `YYYY-MM-DDTHH:mm` in local time, for a datetime-local input. */
const localInput = (ms: number): string => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

function Assign(props: { cohort: CohortDetail; onDone: () => void }): ReactElement {
  const scenarios = useAsync(
    async () => unwrap(await client.api.GET('/api/range/scenarios')).scenarios,
    [],
  );
  const [scenario, setScenario] = useState('');
  const [opens, setOpens] = useState(() => localInput(Date.now()));
  const [closes, setCloses] = useState(() => localInput(Date.now() + 7 * 86_400_000));
  const { busy, error, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(() =>
      client.api
        .POST('/api/cohorts/{id}/assignments', {
          params: { path: { id: props.cohort.id } },
          body: {
            scenario,
            opensAt: new Date(opens).toISOString(),
            closesAt: new Date(closes).toISOString(),
          },
        })
        .then((result) => {
          unwrap(result);
          props.onDone();
        }),
    );
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="assign">
      <h2 id="assign">Assignments</h2>
      {props.cohort.assignments.length > 0 ? (
        <ul className="case-list">
          {props.cohort.assignments.map((a) => (
            <li key={a.id}>
              {a.id} {a.scenario} <WindowBadge opensAt={a.opensAt} closesAt={a.closesAt} />{' '}
              <span className="fine-print nowrap">
                {utc(a.opensAt)} → {utc(a.closesAt)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="absent">No scenario assigned yet.</p>
      )}
      <label>
        Scenario pack
        <select
          name="scenario"
          required
          value={scenario}
          onChange={(event) => setScenario(event.target.value)}
        >
          <option value="">— choose —</option>
          {(scenarios.value ?? []).map((s) => (
            <option key={s.name} value={s.name}>
              {s.title} ({s.name}, {s.difficulty}, {s.timeLimitMinutes} min)
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <label>
          Opens
          <input
            name="opens"
            type="datetime-local"
            required
            value={opens}
            onChange={(event) => setOpens(event.target.value)}
          />
        </label>
        <label>
          Closes
          <input
            name="closes"
            type="datetime-local"
            required
            value={closes}
            onChange={(event) => setCloses(event.target.value)}
          />
        </label>
      </div>
      <button type="submit" disabled={busy}>
        {busy ? 'Assigning…' : 'Assign'}
      </button>
      <ErrorBanner error={scenarios.error ?? error} />
    </form>
  );
}

function Review(props: { attemptId: string; onChange: () => void }): ReactElement {
  const attempt = useAsync(
    async () =>
      unwrap(
        await client.api.GET('/api/attempts/{id}', { params: { path: { id: props.attemptId } } }),
      ) as unknown as Attempt,
    [props.attemptId],
  );
  const [criterion, setCriterion] = useState<string>(CRITERIA[0]);
  const [score, setScore] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const value = attempt.value;
  const changed = () => {
    attempt.reload();
    props.onChange();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(() =>
      client.api
        .POST('/api/attempts/{id}/overrides', {
          params: { path: { id: props.attemptId } },
          body: { criterion, score: Number(score), reason },
        })
        .then((result) => {
          unwrap(result);
          setReason('');
          changed();
        }),
    );
  };
  if (attempt.error) return <ErrorBanner error={attempt.error} />;
  if (!value?.result) return <p className="loading">Loading…</p>;
  const max = value.result.criteria.find((c) => c.id === criterion)?.max ?? 0;
  return (
    <section className="panel" aria-labelledby="review">
      <h2 id="review">
        Review: <UserText value={value.trainee} /> · {value.assignmentId}
      </h2>
      <p>
        <strong>
          {value.result.score}/{value.result.max}
        </strong>{' '}
        {value.result.passed ? 'passed' : 'not passed'} · automatic{' '}
        {value.submission?.automatic.score ?? '?'} · training case {value.caseId}
      </p>
      {value.result.flags.map((flag) => (
        <p key={flag} className="error">
          Flagged: <UserText value={flag} />
        </p>
      ))}
      <CriteriaTable criteria={value.result.criteria} />
      <OverrideHistory overrides={value.overrides} />
      <form onSubmit={submit} aria-labelledby="override">
        <h3 id="override">Override a score</h3>
        <div className="row">
          <label>
            Criterion
            <select
              name="criterion"
              value={criterion}
              onChange={(event) => setCriterion(event.target.value)}
            >
              {value.result.criteria.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id}
                </option>
              ))}
            </select>
          </label>
          <label>
            New score (0–{max})
            <input
              name="score"
              type="number"
              min={0}
              max={max}
              step="any"
              required
              value={score}
              onChange={(event) => setScore(event.target.value)}
            />
          </label>
        </div>
        <label>
          Reason (kept in the history)
          <textarea
            name="override-reason"
            dir="auto"
            required
            minLength={3}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Override'}
        </button>
        <ErrorBanner error={error} />
      </form>
      {value.certificate && !value.certificate.revocation ? (
        <RevokeForm id={value.certificate.id} onRevoked={changed} />
      ) : null}
      {value.certificate?.revocation ? (
        <p className="notice">
          {value.certificate.id} revoked {utc(value.certificate.revocation.revokedAt)}:{' '}
          <UserText value={value.certificate.revocation.reason} />
        </p>
      ) : null}
    </section>
  );
}
