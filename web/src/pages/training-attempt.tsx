/**
 * @module One assigned scenario for its trainee (issue 9): the briefing, starting the attempt
 * under the legal basis the scenario requires (it opens the training case, where the normal case
 * page and capture bar work on the range), the timer, the submission of captures and answers,
 * and the feedback per criterion with the certificate it earned.
 */
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { CATEGORIES } from '../../../src/training/range/vocab.js';
import { client, unwrap } from '../api.js';
import type { SignedIn } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { isoDate, utc } from '../components/format.js';
import { UserText } from '../components/user-text.js';
import { links, trainingLinks } from '../router.js';
import { useAction } from '../use-action.js';
import { useAsync } from '../use-async.js';
import {
  AttemptTimer,
  CriteriaTable,
  OverrideHistory,
  WindowBadge,
  myTraining,
  useNow,
  windowState,
} from './training-shared.js';
import type { Attempt, MyAssignment } from './training-shared.js';

export function TrainingAttemptPage(props: { assignmentId: string; user: SignedIn }): ReactElement {
  const training = useAsync(myTraining, []);
  const now = useNow(15_000);
  const assignment = training.value?.assignments.find((a) => a.id === props.assignmentId);
  const attempt = training.value?.attempts.find((a) => a.assignmentId === props.assignmentId);
  if (training.error) return <ErrorBanner error={training.error} />;
  if (!training.value) return <p className="loading">Loading…</p>;
  if (!assignment)
    return (
      <section>
        <h1>Not assigned</h1>
        <p>
          {props.assignmentId} is not assigned to you. <a href={trainingLinks.home}>Training</a>
        </p>
      </section>
    );
  const state = windowState(assignment, now);
  return (
    <section className="training-attempt">
      <p className="fine-print">
        <a href={trainingLinks.home}>Training</a> › {assignment.id}
      </p>
      <h1>
        <UserText value={assignment.title} />{' '}
        <WindowBadge opensAt={assignment.opensAt} closesAt={assignment.closesAt} />
      </h1>
      <p className="fine-print">
        {assignment.scenario} · cohort {assignment.cohortId} · open {utc(assignment.opensAt)} →{' '}
        {utc(assignment.closesAt)} · time limit {assignment.timeLimitMinutes} min
      </p>
      <section className="panel" aria-labelledby="briefing">
        <h2 id="briefing">Briefing</h2>
        <pre className="briefing" dir="auto" data-testid="briefing">
          {assignment.briefing}
        </pre>
        <RangeLine assignment={assignment} attempt={attempt} />
      </section>
      {attempt ? (
        <AttemptPanel
          attempt={attempt}
          assignment={assignment}
          open={state === 'open'}
          onChange={() => training.reload()}
        />
      ) : (
        <StartAttempt
          assignment={assignment}
          open={state === 'open'}
          onStarted={() => training.reload()}
        />
      )}
    </section>
  );
}

const BASIS_LABELS: Record<string, string> = {
  authority: 'Authority',
  reference: 'Reference',
  purpose: 'Purpose',
  scope: 'Scope',
  validFrom: 'Valid from',
  validUntil: 'Valid until (exclusive)',
};
const MUST_RECORD: Record<string, string> = {
  authority: 'authority',
  reference: 'reference',
  purpose: 'purpose',
  scope: 'scope',
  valid_from: 'validFrom',
  valid_until: 'validUntil',
};

function StartAttempt(props: {
  assignment: MyAssignment;
  open: boolean;
  onStarted: () => void;
}): ReactElement {
  const { assignment } = props;
  const required = new Set(
    assignment.legalBasis.mustRecord.flatMap((f) => (MUST_RECORD[f] ? [MUST_RECORD[f]] : [])),
  );
  const [form, setForm] = useState<Record<string, string>>({
    authority: '',
    reference: '',
    purpose: '',
    scope: '',
    validFrom: isoDate(0),
    validUntil: isoDate(7),
  });
  const { busy, error, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = (key: string) => form[key]?.trim() ?? '';
    run(() =>
      client.api
        .POST('/api/assignments/{id}/attempts', {
          params: { path: { id: assignment.id } },
          body: {
            basis: {
              authority: value('authority'),
              reference: value('reference'),
              purpose: value('purpose'),
              validFrom: value('validFrom'),
              validUntil: value('validUntil'),
              ...(value('scope') ? { scope: value('scope') } : {}),
            },
          },
        })
        .then((result) => {
          unwrap(result);
          props.onStarted();
        }),
    );
  };
  const input = (key: string, type = 'text') => (
    <label key={key}>
      {BASIS_LABELS[key]}
      {required.has(key) ? ' (required by this scenario)' : ''}
      {key === 'purpose' ? (
        <textarea
          name={key}
          dir="auto"
          required={required.has(key) || key === 'purpose'}
          value={form[key] ?? ''}
          onChange={(event) => setForm({ ...form, [key]: event.target.value })}
        />
      ) : (
        <input
          name={key}
          type={type}
          dir="auto"
          required={required.has(key) || key !== 'scope'}
          value={form[key] ?? ''}
          onChange={(event) => setForm({ ...form, [key]: event.target.value })}
        />
      )}
    </label>
  );
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="start">
      <h2 id="start">Start the attempt</h2>
      <p className="fine-print">
        Starting opens your training case under the legal basis you record here — the timer starts
        then. <UserText value={assignment.legalBasis.guidance} />
      </p>
      {input('authority')}
      {input('reference')}
      {input('purpose')}
      {input('scope')}
      <div className="row">
        {input('validFrom', 'date')}
        {input('validUntil', 'date')}
      </div>
      <button type="submit" disabled={busy || !props.open}>
        {busy ? 'Opening…' : 'Start the attempt'}
      </button>
      {!props.open ? (
        <p className="notice">The window is not open: attempts are accepted only inside it.</p>
      ) : null}
      <ErrorBanner error={error} />
    </form>
  );
}

const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function AttemptPanel(props: {
  attempt: Attempt;
  assignment: MyAssignment;
  open: boolean;
  onChange: () => void;
}): ReactElement {
  const { attempt, assignment } = props;
  const { result } = attempt;
  return (
    <>
      <section className="panel" aria-labelledby="attempt">
        <h2 id="attempt">My attempt</h2>
        <AttemptTimer
          startedAt={attempt.startedAt}
          limitMinutes={assignment.timeLimitMinutes}
          closesAt={assignment.closesAt}
        />
        <p>
          Work in your training case{' '}
          <a href={links.kase(attempt.caseId)} data-testid="training-case">
            {attempt.caseId}
          </a>
          : capture the targets on the range from its capture bar, then come back here to submit.
          Started {utc(attempt.startedAt)}.
        </p>
      </section>
      {props.open ? (
        <Submission attempt={attempt} assignment={assignment} onSubmitted={props.onChange} />
      ) : (
        <p className="notice">The window is closed: submissions are no longer accepted.</p>
      )}
      {result ? (
        <section className="panel" aria-labelledby="feedback">
          <h2 id="feedback">Assessment</h2>
          <p data-testid="result-total" className={result.passed ? 'ok' : 'error'}>
            <strong>
              {result.score}/{result.max}
            </strong>{' '}
            — {result.passed ? 'passed' : 'not passed (70 % and no flag needed)'}
            {attempt.submission ? (
              <span className="fine-print">
                {' '}
                · submitted {utc(attempt.submission.submittedAt)} with{' '}
                {attempt.submission.packages.length} package(s)
              </span>
            ) : null}
          </p>
          {result.flags.map((flag) => (
            <p key={flag} role="alert" className="error">
              Flagged: <UserText value={flag} />
            </p>
          ))}
          <CriteriaTable criteria={result.criteria} />
          <OverrideHistory overrides={attempt.overrides} />
          {attempt.certificate ? (
            <p>
              Certificate earned:{' '}
              <a href={trainingLinks.certificate(attempt.certificate.id)}>
                {attempt.certificate.id} — <UserText value={attempt.certificate.achievementName} />
              </a>{' '}
              {attempt.certificate.revocation ? (
                <span className="badge danger">revoked</span>
              ) : null}
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

function Submission(props: {
  attempt: Attempt;
  assignment: MyAssignment;
  onSubmitted: () => void;
}): ReactElement {
  const { attempt, assignment } = props;
  const captures = useAsync(
    async () =>
      unwrap(
        await client.api.GET('/api/cases/{id}/items', {
          params: { path: { id: attempt.caseId }, query: { limit: 200 } },
        }),
      ).items.filter((item) => item.kind === 'capture'),
    [attempt.caseId],
  );
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [categories, setCategories] = useState<Record<string, string>>({});
  const [tasks, setTasks] = useState<Record<string, string>>({});
  const [wallets, setWallets] = useState('');
  const [handles, setHandles] = useState('');
  const [entities, setEntities] = useState('');
  const { busy, error, run } = useAction();
  const classify = assignment.tasks.filter((t) => t.kind === 'classify');
  const answerable = assignment.tasks.filter(
    (t) => t.kind === 'identify_entity' || t.kind === 'follow_link',
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = (captures.value ?? []).map((i) => i.id).filter((id) => !excluded.has(id));
    const taskAnswers = Object.fromEntries(
      Object.entries(tasks)
        .map(([k, v]) => [k, v.trim()] as const)
        .filter(([, v]) => v !== ''),
    );
    run(() =>
      client.api
        .POST('/api/attempts/{id}/submission', {
          params: { path: { id: attempt.id } },
          body: {
            items: chosen,
            answers: {
              categories: Object.fromEntries(
                Object.entries(categories).filter(([, v]) => v !== ''),
              ),
              wallets: lines(wallets),
              handles: lines(handles),
              entities: lines(entities),
              tasks: taskAnswers,
            },
          },
        })
        .then((result) => {
          unwrap(result);
          props.onSubmitted();
        }),
    );
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="submission">
      <h2 id="submission">{attempt.submission ? 'Submit again' : 'Submit'}</h2>
      <fieldset>
        <legend>Captures to submit (their sealed packages are assessed)</legend>
        {captures.value && captures.value.length === 0 ? (
          <p className="absent">
            No captures in {attempt.caseId} yet. Capture the targets from the case page first.
          </p>
        ) : null}
        {(captures.value ?? []).map((item) => (
          <label key={item.id} className="choice">
            <input
              type="checkbox"
              name="item"
              value={item.id}
              checked={!excluded.has(item.id)}
              onChange={(event) => {
                const next = new Set(excluded);
                if (event.target.checked) next.delete(item.id);
                else next.add(item.id);
                setExcluded(next);
              }}
            />{' '}
            {item.id} <UserText value={item.sourceUrl ?? item.name} className="fine-print" />
          </label>
        ))}
        <ErrorBanner error={captures.error} />
      </fieldset>
      {classify.length > 0 ? (
        <fieldset>
          <legend>Categories</legend>
          {classify.map((task) => (
            <label key={task.id}>
              <UserText value={task.prompt} />
              <select
                name={`category-${task.id}`}
                value={categories[task.id] ?? ''}
                onChange={(event) =>
                  setCategories({ ...categories, [task.id]: event.target.value })
                }
              >
                <option value="">— choose —</option>
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      ) : null}
      {answerable.map((task) => (
        <label key={task.id}>
          <UserText value={task.prompt} />
          <input
            name={`task-${task.id}`}
            dir="auto"
            value={tasks[task.id] ?? ''}
            onChange={(event) => setTasks({ ...tasks, [task.id]: event.target.value })}
          />
        </label>
      ))}
      <div className="row">
        <label>
          Wallets found (one per line, exactly as shown)
          <textarea name="wallets" value={wallets} onChange={(e) => setWallets(e.target.value)} />
        </label>
        <label>
          Handles found (one per line)
          <textarea name="handles" value={handles} onChange={(e) => setHandles(e.target.value)} />
        </label>
        <label>
          Other entities (invite links, phones, e-mails)
          <textarea
            name="entities"
            value={entities}
            onChange={(e) => setEntities(e.target.value)}
          />
        </label>
      </div>
      <button type="submit" disabled={busy}>
        {busy ? 'Assessing…' : 'Submit for assessment'}
      </button>
      <ErrorBanner error={error} />
    </form>
  );
}

/**
 * Where the trainee's own range variant answers (R24). The server starts it with the attempt
 * and keeps it while the window is open; captures from it are allow-listed like any Vigil range.
 */
function RangeLine(props: { assignment: MyAssignment; attempt: Attempt | undefined }) {
  const { assignment, attempt } = props;
  const range = attempt?.range ?? null;
  return (
    <p className="fine-print" data-testid="range-line">
      Your range: seed <code>{assignment.seed ?? '?'}</code>, variant{' '}
      <code data-testid="variant">{assignment.variant}</code>.{' '}
      {range?.url ? (
        <>
          It runs at{' '}
          <a href={range.url} target="_blank" rel="noreferrer noopener" data-testid="range-url">
            {range.url}
          </a>{' '}
          until the window closes: browse it there and capture its pages from your training case.
        </>
      ) : range?.error ? (
        <span role="alert">
          It could not start: <UserText value={range.error} /> Ask your trainer.
        </span>
      ) : attempt ? (
        <>
          It runs only while the window is open (or a trainer runs{' '}
          <code>
            vigil range serve --seed {assignment.seed ?? 'N'} --variant {assignment.variant}
          </code>
          ).
        </>
      ) : (
        <>Vigil starts it for you when you start the attempt.</>
      )}{' '}
      Your answers are checked against this variant only.
    </p>
  );
}
