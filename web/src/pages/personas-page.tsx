/**
 * @module The persona registry (R17): the investigator personas a unit keeps, who may use each and
 * on which platforms. Supervisors and administrators add them; captures name one, and the server
 * refuses a persona to anyone not listed for it.
 */
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { client, unwrap } from '../api.js';
import type { SignedIn } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { Maybe, UserText } from '../components/user-text.js';
import { can } from '../permissions.js';
import { useAsync } from '../use-async.js';

/** "a, b\nc" → ["a", "b", "c"]. */
const listOf = (text: string): string[] =>
  text
    .split(/[,\n]/u)
    .map((part) => part.trim())
    .filter(Boolean);

export function PersonasPage(props: { user: SignedIn }): ReactElement {
  const { user } = props;
  const personas = useAsync(async () => unwrap(await client.api.GET('/api/personas')).personas, []);
  const [name, setName] = useState('');
  const [platforms, setPlatforms] = useState('');
  const [users, setUsers] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [added, setAdded] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setAdded(null);
    void client.api
      .POST('/api/personas', {
        body: {
          name: name.trim(),
          platforms: listOf(platforms),
          users: listOf(users),
          ...(notes.trim() ? { notes } : {}),
        },
      })
      .then((result) => {
        const persona = unwrap(result);
        setAdded(`Registered ${persona.name}.`);
        setName('');
        setPlatforms('');
        setUsers('');
        setNotes('');
        personas.reload();
      })
      .catch(setError);
  };
  return (
    <article className="personas">
      <header className="page-header">
        <h1>Personas</h1>
        <p className="fine-print">
          Accounts investigators may use to view content that needs a login. A capture names the
          persona it used; only the people listed here may use one. Passive use only: interactions
          (like, follow, message) are blocked unless a supervisor overrides.
        </p>
      </header>
      <ErrorBanner error={personas.error} />
      {personas.value ? (
        personas.value.length === 0 ? (
          <p className="absent">No personas registered.</p>
        ) : (
          <div className="table-scroll">
            <table className="persona-table">
              <caption>Registered personas</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Platforms</th>
                  <th scope="col">May be used by</th>
                  <th scope="col">Notes</th>
                  <th scope="col">Registered</th>
                </tr>
              </thead>
              <tbody>
                {personas.value.map((persona) => (
                  <tr key={persona.name} data-persona={persona.name}>
                    <th scope="row">
                      <UserText value={persona.name} />
                    </th>
                    <td>
                      {persona.platforms.length > 0 ? (
                        <UserText value={persona.platforms.join(', ')} />
                      ) : (
                        'any'
                      )}
                    </td>
                    <td>
                      <UserText value={persona.users.join(', ')} />
                    </td>
                    <td>
                      <Maybe value={persona.notes} />
                    </td>
                    <td>
                      {utc(persona.createdAt)} by <UserText value={persona.createdBy} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {can(user, 'persona.manage') ? (
        <form className="panel" onSubmit={submit} aria-labelledby="persona-add">
          <h2 id="persona-add">Register a persona</h2>
          <div className="row">
            <label className="grow">
              Persona name
              <input
                name="personaName"
                dir="auto"
                required
                minLength={2}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            </label>
            <label className="grow">
              Platforms (comma-separated)
              <input
                name="platforms"
                value={platforms}
                onChange={(e) => setPlatforms(e.target.value)}
              />
            </label>
            <label className="grow">
              Users (comma-separated)
              <input
                name="personaUsers"
                required
                value={users}
                onChange={(e) => setUsers(e.target.value)}
              />
            </label>
          </div>
          <label>
            Notes
            <textarea dir="auto" value={notes} onChange={(e) => setNotes(e.target.value)} />
          </label>
          <button type="submit">Register persona</button>
          {added ? <p role="status">{added}</p> : null}
          <ErrorBanner error={error} />
        </form>
      ) : null}
    </article>
  );
}
