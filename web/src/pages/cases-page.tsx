/**
 * @module Cases: the ones I may see, and opening a new one under a legal basis (R1). Under the
 * approval policy a new case stays `planning` until a supervisor approves its basis and the plan
 * and risk assessment are recorded (R2).
 */
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { client, unwrap } from '../api.js';
import type { SignedIn } from '../api.js';
import { BasisBadge, StateBadge } from '../components/case-badges.js';
import { ErrorBanner } from '../components/error-banner.js';
import { isoDate, utc } from '../components/format.js';
import { UserText } from '../components/user-text.js';
import { can } from '../permissions.js';
import { links, navigate } from '../router.js';
import { useAsync } from '../use-async.js';

export function CasesPage(props: { user: SignedIn; onChange: () => void }): ReactElement {
  const { user } = props;
  const cases = useAsync(async () => unwrap(await client.api.GET('/api/cases')).cases, []);
  return (
    <section>
      <h1>Cases</h1>
      <ErrorBanner error={cases.error} />
      {cases.value && cases.value.length === 0 ? <p className="absent">No cases yet.</p> : null}
      {cases.value && cases.value.length > 0 ? (
        <div className="table-scroll">
          <table className="cases">
            <caption>Cases you may see</caption>
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Title</th>
                <th scope="col">State</th>
                <th scope="col">Legal basis</th>
                <th scope="col">Approval policy</th>
                <th scope="col">Opened</th>
              </tr>
            </thead>
            <tbody>
              {cases.value.map((kase) => {
                const basis = kase.legalBases[kase.legalBases.length - 1];
                return (
                  <tr key={kase.id}>
                    <td>
                      <a href={links.kase(kase.id)}>{kase.id}</a>
                    </td>
                    <td>
                      <UserText value={kase.title} />
                    </td>
                    <td>
                      <StateBadge kase={kase} />
                    </td>
                    <td>
                      {basis ? (
                        <>
                          <UserText value={basis.reference} /> <BasisBadge basis={basis} />
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>{kase.policy === 'approval' ? 'supervisor approval' : 'immediate'}</td>
                    <td className="nowrap">{utc(kase.createdAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {can(user, 'case.create') ? <CreateCase user={user} onCreated={props.onChange} /> : null}
    </section>
  );
}

function CreateCase(props: { user: SignedIn; onCreated: () => void }): ReactElement {
  const trainingOnly = props.user.role === 'trainee' || props.user.role === 'trainer';
  const [form, setForm] = useState({
    title: '',
    workspace: trainingOnly ? 'training' : 'operational',
    authority: '',
    reference: '',
    purpose: '',
    scope: '',
    validFrom: isoDate(0),
    validUntil: isoDate(30),
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const field =
    (name: keyof typeof form) =>
    (event: { target: { value: string } }): void =>
      setForm({ ...form, [name]: event.target.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    void client.api
      .POST('/api/cases', {
        body: {
          title: form.title,
          workspace: form.workspace === 'training' ? 'training' : 'operational',
          basis: {
            authority: form.authority,
            reference: form.reference,
            purpose: form.purpose,
            validFrom: form.validFrom,
            validUntil: form.validUntil,
            ...(form.scope.trim() ? { scope: form.scope } : {}),
          },
        },
      })
      .then((result) => {
        const created = unwrap(result);
        props.onCreated();
        navigate(links.kase(created.id));
      })
      .catch((failure: unknown) => {
        setError(failure);
        setBusy(false);
      });
  };

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-case">
      <h2 id="new-case">Open a case</h2>
      <p className="fine-print">
        Collection is allowed only inside a case with a valid legal basis. On a team server a
        supervisor approves the basis, and the plan and risk assessment come first.
      </p>
      <label>
        Title
        <input
          name="title"
          dir="auto"
          required
          maxLength={300}
          value={form.title}
          onChange={field('title')}
        />
      </label>
      <label>
        Workspace
        <select
          name="workspace"
          value={form.workspace}
          onChange={field('workspace')}
          disabled={trainingOnly}
        >
          <option value="operational">operational</option>
          <option value="training">training</option>
        </select>
      </label>
      <fieldset>
        <legend>Legal basis</legend>
        <label>
          Authority
          <input
            name="authority"
            dir="auto"
            required
            value={form.authority}
            onChange={field('authority')}
          />
        </label>
        <label>
          Reference
          <input
            name="reference"
            dir="auto"
            required
            value={form.reference}
            onChange={field('reference')}
          />
        </label>
        <label>
          Purpose
          <textarea
            name="purpose"
            dir="auto"
            required
            value={form.purpose}
            onChange={field('purpose')}
          />
        </label>
        <label>
          Scope (optional)
          <input name="scope" dir="auto" value={form.scope} onChange={field('scope')} />
        </label>
        <div className="row">
          <label>
            Valid from
            <input
              name="validFrom"
              type="date"
              required
              value={form.validFrom}
              onChange={field('validFrom')}
            />
          </label>
          <label>
            Valid until (exclusive)
            <input
              name="validUntil"
              type="date"
              required
              value={form.validUntil}
              onChange={field('validUntil')}
            />
          </label>
        </div>
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? 'Opening…' : 'Open case'}
      </button>
      <ErrorBanner error={error} />
    </form>
  );
}
