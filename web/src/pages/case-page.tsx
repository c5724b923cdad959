/**
 * @module One case: its state and what it still needs (R2), legal bases with the supervisor's
 * approval, the plan and risk assessment, members, retention (R12), and its items.
 */
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { client, unwrap } from '../api.js';
import type { Case, LegalBasis, SignedIn } from '../api.js';
import { BasisBadge, StateBadge } from '../components/case-badges.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { Maybe, UserText } from '../components/user-text.js';
import { canOnCase } from '../permissions.js';
import { links, moreLinks } from '../router.js';
import { CaseTimeline } from './case-timeline.js';
import { useAsync } from '../use-async.js';
import { CloseCase, Members, Retention } from './case-admin.js';
import { CaseItems } from './case-items.js';

export function CasePage(props: { id: string; user: SignedIn }): ReactElement {
  const { id, user } = props;
  const kase = useAsync(
    async () => unwrap(await client.api.GET('/api/cases/{id}', { params: { path: { id } } })),
    [id],
  );
  const members = useAsync(
    async () =>
      unwrap(await client.api.GET('/api/cases/{id}/members', { params: { path: { id } } })).members,
    [id],
  );
  if (kase.error) return <ErrorBanner error={kase.error} />;
  if (!kase.value) return <p className="loading">Loading…</p>;
  const view = kase.value;
  const may = (action: Parameters<typeof canOnCase>[1]) =>
    canOnCase(user, action, view, members.value);
  const reload = () => {
    kase.reload();
    members.reload();
  };
  return (
    <article className="case">
      <header className="page-header">
        <h1>
          <span className="case-id">{view.id}</span> <UserText value={view.title} />
        </h1>
        <p className="meta">
          <StateBadge kase={view} />{' '}
          <span>
            Approval policy:{' '}
            <strong data-testid="case-policy">
              {view.policy === 'approval' ? 'a supervisor approves the basis' : 'immediate'}
            </strong>
          </span>{' '}
          <span>
            Opened {utc(view.createdAt)} by <UserText value={view.createdBy} />
          </span>{' '}
          {may('ledger.case') ? <a href={links.ledger(view.id)}>Custody ledger</a> : null}{' '}
          {may('case.export') ? <a href={moreLinks.exports(view.id)}>Exports and reports</a> : null}
        </p>
      </header>
      <Readiness kase={view} />
      <div className="columns">
        <div>
          <Bases kase={view} user={user} may={may} onChange={reload} />
          <Plan kase={view} canEdit={may('case.manage')} onChange={reload} />
        </div>
        <div>
          <Members
            kase={view}
            members={members.value ?? []}
            canEdit={may('case.manage')}
            onChange={reload}
          />
          <Retention kase={view} canEdit={may('case.manage')} onChange={reload} />
          {view.status === 'open' && may('case.manage') ? (
            <CloseCase kase={view} onChange={reload} />
          ) : null}
        </div>
      </div>
      {may('item.read') ? (
        <>
          <CaseItems
            kase={view}
            user={user}
            canCollect={may('item.collect')}
            canExport={may('case.export')}
          />
          <CaseTimeline caseId={view.id} />
          <p>
            <a href={moreLinks.graph(view.id)}>Entity graph of this case</a> ·{' '}
            <a href={moreLinks.search('', view.id)}>Search this case</a>
          </p>
        </>
      ) : (
        <p className="notice">
          Evidence content is visible to the case&apos;s members only (privacy by default).
        </p>
      )}
    </article>
  );
}

/** Why a case is still `planning` (R2), in the words of what is missing. */
function Readiness(props: { kase: Case }): ReactElement | null {
  const { kase } = props;
  if (kase.state !== 'planning') return null;
  const missing: string[] = [];
  if (kase.plan === null || kase.riskAssessment === null)
    missing.push('the investigation plan and risk assessment');
  if (kase.activeBasisId === null) {
    missing.push(
      kase.legalBases.some((basis) => basis.approvedBy === null)
        ? "a supervisor's approval of the legal basis"
        : 'a legal basis valid today',
    );
  }
  return (
    <p className="notice" data-testid="readiness">
      Planning: no collection until{' '}
      {missing.length > 0 ? missing.join(' and ') : 'the case is ready'}{' '}
      {missing.length > 1 ? 'are' : 'is'} in place.
    </p>
  );
}

function Bases(props: {
  kase: Case;
  user: SignedIn;
  may: (action: 'case.approve' | 'case.manage') => boolean;
  onChange: () => void;
}): ReactElement {
  const { kase, user } = props;
  const [error, setError] = useState<unknown>(null);
  const approve = (basis: LegalBasis) => {
    setError(null);
    void client.api
      .POST('/api/cases/{id}/bases/{basisId}/approve', {
        params: { path: { id: kase.id, basisId: basis.id } },
      })
      .then((result) => {
        unwrap(result);
        props.onChange();
      })
      .catch(setError);
  };
  return (
    <section className="panel" aria-labelledby="bases">
      <h2 id="bases">Legal bases</h2>
      <ErrorBanner error={error} />
      <ul className="bases">
        {kase.legalBases.map((basis) => (
          <li key={basis.id} data-basis={basis.id}>
            <p>
              <strong>
                <UserText value={basis.reference} />
              </strong>{' '}
              <BasisBadge basis={basis} />{' '}
              {basis.id === kase.activeBasisId ? (
                <span className="badge approved">active</span>
              ) : null}
            </p>
            <dl className="facts">
              <dt>Authority</dt>
              <dd>
                <UserText value={basis.authority} />
              </dd>
              <dt>Purpose</dt>
              <dd>
                <UserText value={basis.purpose} />
              </dd>
              <dt>Scope</dt>
              <dd>
                <Maybe value={basis.scope} />
              </dd>
              <dt>Valid</dt>
              <dd>
                {utc(basis.validFrom)} to {utc(basis.validUntil)} (exclusive)
              </dd>
              <dt>Recorded</dt>
              <dd>
                {utc(basis.addedAt)} by <UserText value={basis.addedBy} />
              </dd>
              <dt>Approved</dt>
              <dd>
                {basis.approvedBy ? (
                  <>
                    {utc(basis.approvedAt)} by <UserText value={basis.approvedBy} />
                  </>
                ) : (
                  'not yet'
                )}
              </dd>
            </dl>
            {basis.approvedBy === null && props.may('case.approve') ? (
              basis.addedBy === user.name ? (
                <p className="fine-print">Another supervisor approves a basis you recorded.</p>
              ) : (
                <button type="button" onClick={() => approve(basis)}>
                  Approve {basis.reference}
                </button>
              )
            ) : null}
          </li>
        ))}
      </ul>
      {props.may('case.manage') && kase.status === 'open' ? (
        <AddBasis kase={kase} onChange={props.onChange} />
      ) : null}
    </section>
  );
}

function AddBasis(props: { kase: Case; onChange: () => void }): ReactElement {
  const [form, setForm] = useState({
    authority: '',
    reference: '',
    purpose: '',
    validFrom: '',
    validUntil: '',
  });
  const [error, setError] = useState<unknown>(null);
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm({ ...form, [name]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    void client.api
      .POST('/api/cases/{id}/bases', { params: { path: { id: props.kase.id } }, body: form })
      .then((result) => {
        unwrap(result);
        props.onChange();
      })
      .catch(setError);
  };
  return (
    <details>
      <summary>Add a legal basis (a renewal or a new order)</summary>
      <form onSubmit={submit}>
        <label>
          Authority
          <input dir="auto" required value={form.authority} onChange={set('authority')} />
        </label>
        <label>
          Reference
          <input dir="auto" required value={form.reference} onChange={set('reference')} />
        </label>
        <label>
          Purpose
          <textarea dir="auto" required value={form.purpose} onChange={set('purpose')} />
        </label>
        <div className="row">
          <label>
            Valid from
            <input type="date" required value={form.validFrom} onChange={set('validFrom')} />
          </label>
          <label>
            Valid until
            <input type="date" required value={form.validUntil} onChange={set('validUntil')} />
          </label>
        </div>
        <button type="submit">Add basis</button>
        <ErrorBanner error={error} />
      </form>
    </details>
  );
}

function Plan(props: { kase: Case; canEdit: boolean; onChange: () => void }): ReactElement {
  const { kase } = props;
  const [plan, setPlan] = useState(kase.plan ?? '');
  const [risk, setRisk] = useState(kase.riskAssessment ?? '');
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(kase.plan === null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    void client.api
      .POST('/api/cases/{id}/plan', {
        params: { path: { id: kase.id } },
        body: { plan, riskAssessment: risk },
      })
      .then((result) => {
        unwrap(result);
        setEditing(false);
        props.onChange();
      })
      .catch(setError);
  };
  return (
    <section className="panel" aria-labelledby="plan">
      <h2 id="plan">Investigation plan and risk assessment</h2>
      {kase.plan !== null && !editing ? (
        <>
          <h3>Plan</h3>
          <p className="prose" data-testid="plan-text">
            <UserText value={kase.plan} />
          </p>
          <h3>Risk assessment</h3>
          <p className="prose">
            <UserText value={kase.riskAssessment} />
          </p>
          {props.canEdit && kase.status === 'open' ? (
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              Revise
            </button>
          ) : null}
        </>
      ) : props.canEdit ? (
        <form onSubmit={submit}>
          <label>
            Plan
            <textarea
              name="plan"
              dir="auto"
              required
              value={plan}
              onChange={(e) => setPlan(e.target.value)}
            />
          </label>
          <label>
            Risk assessment
            <textarea
              name="riskAssessment"
              dir="auto"
              required
              value={risk}
              onChange={(e) => setRisk(e.target.value)}
            />
          </label>
          <button type="submit">Record plan</button>
          <ErrorBanner error={error} />
        </form>
      ) : (
        <p className="absent">Not recorded yet.</p>
      )}
    </section>
  );
}
