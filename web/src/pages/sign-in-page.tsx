/**
 * @module Sign-in: name and password; the server sets an HttpOnly session cookie and returns the
 * CSRF token this tab keeps.
 */
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { signIn } from '../api.js';
import type { SignedIn } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';

export function SignInPage(props: { onSignedIn: (user: SignedIn) => void }): ReactElement {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    signIn(name, password).then(
      (user) => {
        setPassword('');
        props.onSignedIn(user);
      },
      (failure: unknown) => {
        setError(failure);
        setBusy(false);
      },
    );
  };

  return (
    <main className="sign-in" id="main">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Vigil</h1>
        <label>
          Name
          <input
            name="name"
            autoComplete="username"
            required
            autoFocus
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <ErrorBanner error={error} />
        <p className="fine-print">
          Every action you take is recorded in the custody ledger with your name and the time.
        </p>
      </form>
    </main>
  );
}
