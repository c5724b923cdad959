/**
 * @module The trainer's cohorts (issue 9): the cohorts I manage and creating one. A cohort shares
 * one range seed; every trainee enrolled gets their own variant (R24).
 */
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { client, unwrap } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { UserText } from '../components/user-text.js';
import { navigate, trainingLinks } from '../router.js';
import { useAction } from '../use-action.js';
import { useAsync } from '../use-async.js';

export interface Cohort {
  readonly id: string;
  readonly name: string;
  readonly seed: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export function CohortsPage(): ReactElement {
  const cohorts = useAsync(
    async () => unwrap(await client.api.GET('/api/cohorts')).cohorts as unknown as Cohort[],
    [],
  );
  const [name, setName] = useState('');
  const [seed, setSeed] = useState('');
  const { busy, error, run } = useAction();
  const create = (event: FormEvent) => {
    event.preventDefault();
    run(() =>
      client.api
        .POST('/api/cohorts', {
          body: { name, ...(seed.trim() ? { seed: seed.trim() } : {}) },
        })
        .then((result) => navigate(trainingLinks.cohort(String(unwrap(result).id)))),
    );
  };
  return (
    <section>
      <h1>Cohorts</h1>
      <ErrorBanner error={cohorts.error} />
      {cohorts.value && cohorts.value.length === 0 ? (
        <p className="absent">You manage no cohort yet.</p>
      ) : null}
      {cohorts.value && cohorts.value.length > 0 ? (
        <ul className="case-list">
          {cohorts.value.map((c) => (
            <li key={c.id}>
              <a href={trainingLinks.cohort(c.id)}>
                <span className="case-id">{c.id}</span> <UserText value={c.name} />
              </a>{' '}
              <span className="fine-print">
                seed {c.seed} · created {utc(c.createdAt)} by <UserText value={c.createdBy} />
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <form className="panel" onSubmit={create} aria-labelledby="new-cohort">
        <h2 id="new-cohort">Create a cohort</h2>
        <div className="row">
          <label>
            Cohort name
            <input
              name="cohort-name"
              dir="auto"
              required
              maxLength={200}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          </label>
          <label>
            Range seed (optional)
            <input
              name="seed"
              maxLength={64}
              value={seed}
              onChange={(event) => setSeed(event.target.value)}
            />
          </label>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create cohort'}
        </button>
        <ErrorBanner error={error} />
      </form>
    </section>
  );
}
