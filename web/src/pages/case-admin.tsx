/**
 * @module Case administration: members (R13: a new item is visible to members only), retention
 * with review date, expiry and legal hold (R12), and closing the case.
 */
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { client, unwrap } from '../api.js';
import type { Case, Membership } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { UserText } from '../components/user-text.js';

export function Members(props: {
  kase: Case;
  members: readonly Membership[];
  canEdit: boolean;
  onChange: () => void;
}): ReactElement {
  const [userName, setUserName] = useState('');
  const [membership, setMembership] = useState<'lead' | 'member'>('member');
  const [error, setError] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    void client.api
      .POST('/api/cases/{id}/members', {
        params: { path: { id: props.kase.id } },
        body: { userName, membership },
      })
      .then((result) => {
        unwrap(result);
        setUserName('');
        props.onChange();
      })
      .catch(setError);
  };
  return (
    <section className="panel" aria-labelledby="members">
      <h2 id="members">Members</h2>
      <ul className="members">
        {props.members.map((member) => (
          <li key={member.userName}>
            <UserText value={member.userName} />{' '}
            <span className={`badge ${member.membership}`}>{member.membership}</span>{' '}
            <span className="fine-print">
              since {utc(member.addedAt)} (by <UserText value={member.addedBy} />)
            </span>
          </li>
        ))}
      </ul>
      {props.canEdit ? (
        <form className="inline" onSubmit={submit}>
          <label>
            Account
            <input
              dir="auto"
              required
              value={userName}
              onChange={(e) => setUserName(e.target.value)}
            />
          </label>
          <label>
            As
            <select
              value={membership}
              onChange={(e) => setMembership(e.target.value === 'lead' ? 'lead' : 'member')}
            >
              <option value="member">member</option>
              <option value="lead">lead</option>
            </select>
          </label>
          <button type="submit">Add member</button>
          <ErrorBanner error={error} />
        </form>
      ) : null}
    </section>
  );
}

export function Retention(props: {
  kase: Case;
  canEdit: boolean;
  onChange: () => void;
}): ReactElement {
  const { kase } = props;
  const [reviewAt, setReviewAt] = useState(kase.reviewAt?.slice(0, 10) ?? '');
  const [expiresAt, setExpiresAt] = useState(kase.expiresAt?.slice(0, 10) ?? '');
  const [legalHold, setLegalHold] = useState(kase.legalHold);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    void client.api
      .POST('/api/cases/{id}/retention', {
        params: { path: { id: kase.id } },
        body: { reviewAt, expiresAt, legalHold },
      })
      .then((result) => {
        unwrap(result);
        setSaved(true);
        props.onChange();
      })
      .catch(setError);
  };
  return (
    <section className="panel" aria-labelledby="retention">
      <h2 id="retention">Retention</h2>
      <dl className="facts">
        <dt>Review</dt>
        <dd>{kase.reviewAt ? utc(kase.reviewAt) : 'no date'}</dd>
        <dt>Expires</dt>
        <dd>{kase.expiresAt ? utc(kase.expiresAt) : 'no date'}</dd>
        <dt>Legal hold</dt>
        <dd>{kase.legalHold ? 'yes — nothing is erased while it holds' : 'no'}</dd>
      </dl>
      {props.canEdit ? (
        <form onSubmit={submit}>
          <div className="row">
            <label>
              Review on
              <input type="date" value={reviewAt} onChange={(e) => setReviewAt(e.target.value)} />
            </label>
            <label>
              Expires on
              <input type="date" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} />
            </label>
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={legalHold}
              onChange={(e) => setLegalHold(e.target.checked)}
            />
            Legal hold
          </label>
          <button type="submit">Save retention</button>
          {saved ? <span role="status"> Saved.</span> : null}
          <ErrorBanner error={error} />
        </form>
      ) : null}
    </section>
  );
}

export function CloseCase(props: { kase: Case; onChange: () => void }): ReactElement {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    void client.api
      .POST('/api/cases/{id}/close', { params: { path: { id: props.kase.id } }, body: { reason } })
      .then((result) => {
        unwrap(result);
        props.onChange();
      })
      .catch(setError);
  };
  return (
    <details className="panel danger">
      <summary>Close the case</summary>
      <form onSubmit={submit}>
        <label>
          Reason
          <textarea
            dir="auto"
            required
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <button type="submit">Close case</button>
        <ErrorBanner error={error} />
      </form>
    </details>
  );
}
