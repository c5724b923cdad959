/**
 * @module Home: my cases, and what waits for me — legal bases to approve (supervisors), plans to
 * record (case leads).
 */
import type { ReactElement } from 'react';
import { client, unwrap } from '../api.js';
import type { Case, SignedIn } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { StateBadge } from '../components/case-badges.js';
import { UserText } from '../components/user-text.js';
import { can } from '../permissions.js';
import { links, moreLinks } from '../router.js';
import { useAsync } from '../use-async.js';

export function HomePage(props: { user: SignedIn }): ReactElement {
  const { user } = props;
  const cases = useAsync(async () => unwrap(await client.api.GET('/api/cases')).cases, []);
  const all = cases.value ?? [];
  const mine = all.filter((kase) => user.cases.includes(kase.id));
  const toApprove =
    user.role === 'supervisor'
      ? all.filter(
          (kase) =>
            kase.status === 'open' &&
            kase.legalBases.some(
              (basis) => basis.approvedBy === null && basis.addedBy !== user.name,
            ),
        )
      : [];
  const toPlan = mine.filter((kase) => kase.state === 'planning' && kase.plan === null);
  const reads = !['auditor', 'admin'].includes(user.role);
  const reviews = useAsync(
    async () =>
      reads
        ? unwrap(await client.api.GET('/api/triage/queue', { params: { query: { limit: 5 } } }))
            .flags
        : [],
    [reads],
  );
  const jobs = useAsync(async () => unwrap(await client.api.GET('/api/jobs')).jobs, []);
  return (
    <section className="home">
      <h1>
        Welcome, <span dir="auto">{user.name}</span>
      </h1>
      <ErrorBanner error={cases.error ?? reviews.error ?? jobs.error} />
      {toApprove.length > 0 ? (
        <section aria-labelledby="approvals">
          <h2 id="approvals">Legal bases awaiting your approval</h2>
          <CaseList cases={toApprove} />
        </section>
      ) : null}
      {toPlan.length > 0 ? (
        <section aria-labelledby="plans">
          <h2 id="plans">Cases waiting for a plan and risk assessment</h2>
          <CaseList cases={toPlan} />
        </section>
      ) : null}
      {reviews.value && reviews.value.length > 0 ? (
        <section aria-labelledby="reviews">
          <h2 id="reviews">Pending reviews</h2>
          <ul className="case-list">
            {reviews.value.map((flag) => (
              <li key={flag.id}>
                <a href={links.item(flag.itemId)}>{flag.itemId}</a>{' '}
                <span className="badge category">{flag.category ?? 'uncategorised'}</span>{' '}
                <span className="fine-print">
                  score {flag.score.toFixed(2)} · <UserText value={flag.rule} />
                </span>
              </li>
            ))}
          </ul>
          <p>
            <a href={moreLinks.triage}>Review the whole queue</a>
          </p>
        </section>
      ) : null}
      {jobs.value && jobs.value.length > 0 ? (
        <section aria-labelledby="jobs">
          <h2 id="jobs">Jobs</h2>
          <ul className="case-list">
            {jobs.value.map((job) => (
              <li key={job.id}>
                job {job.id} · {job.kind}{' '}
                <span className={`badge status-${job.status}`}>{job.status}</span>{' '}
                {job.caseId ? <a href={links.kase(job.caseId)}>{job.caseId}</a> : null}{' '}
                {job.progress ? (
                  <UserText
                    value={`${job.progress.stage} — ${job.progress.detail}`}
                    className="fine-print"
                  />
                ) : null}
                {job.error ? <UserText value={job.error} className="error" /> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="my-cases">
        <h2 id="my-cases">My cases</h2>
        {cases.loading && !cases.value ? <p className="loading">Loading…</p> : null}
        {cases.value && mine.length === 0 ? (
          <p className="absent">
            You are not a member of any case yet.{' '}
            {can(user, 'case.create') ? <a href={links.cases}>Open a case</a> : null}
          </p>
        ) : (
          <CaseList cases={mine} />
        )}
      </section>
    </section>
  );
}

function CaseList(props: { cases: readonly Case[] }): ReactElement {
  return (
    <ul className="case-list">
      {props.cases.map((kase) => (
        <li key={kase.id}>
          <a href={links.kase(kase.id)}>
            <span className="case-id">{kase.id}</span> <UserText value={kase.title} />
          </a>{' '}
          <StateBadge kase={kase} />
        </li>
      ))}
    </ul>
  );
}
