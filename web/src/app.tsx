/**
 * @module The application shell: who is signed in, the navigation, the exposure counter (R18),
 * and the screen for the current route.
 */
import { Suspense, lazy, useCallback, useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { ApiError, forgetSession, hasSession, me, signOut } from './api.js';
import type { SignedIn } from './api.js';
import { exposure, formatDuration, useExposure } from './exposure.js';
import { can } from './permissions.js';
import { links, moreLinks, trainingLinks, useRoute } from './router.js';
import type { Route } from './router.js';
import { CasePage } from './pages/case-page.js';
import { CasesPage } from './pages/cases-page.js';
import { HomePage } from './pages/home-page.js';
import { ItemPage } from './pages/item-page.js';
import { LedgerPage } from './pages/ledger-page.js';
import { SearchPage } from './pages/search-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { TriagePage } from './pages/triage-page.js';
import { TrainingAttemptPage } from './pages/training-attempt.js';
import { CertificatePage } from './pages/training-certificate.js';
import { CohortPage } from './pages/training-cohort.js';
import { CohortsPage } from './pages/training-cohorts.js';
import { TrainingPage } from './pages/training-page.js';
import { ExportsPage } from './pages/exports-page.js';
import { PersonasPage } from './pages/personas-page.js';
import { VerifyPage } from './pages/verify-page.js';

// Cytoscape is most of the bundle's weight: it loads with the graph screen only.
const GraphPage = lazy(() =>
  import('./pages/graph-page.js').then((module) => ({ default: module.GraphPage })),
);

export function App(): ReactElement {
  const [user, setUser] = useState<SignedIn | null | undefined>(hasSession() ? undefined : null);
  const route = useRoute();

  const refresh = useCallback(async () => {
    try {
      setUser(await me());
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) forgetSession();
      setUser(null);
    }
  }, []);

  useEffect(() => {
    // Only ask the server when this tab signed in: no 401 noise for a fresh visitor.
    if (hasSession()) void refresh();
  }, [refresh]);

  if (user === undefined) return <p className="loading">Loading…</p>;
  if (user === null) return <SignInPage onSignedIn={setUser} />;
  return (
    <Shell
      user={user}
      route={route}
      onSignOut={() => {
        void signOut().finally(() => {
          exposure.reset();
          setUser(null);
          window.location.hash = links.home;
        });
      }}
      onChange={() => void refresh()}
    />
  );
}

function Shell(props: {
  user: SignedIn;
  route: Route;
  onSignOut: () => void;
  onChange: () => void;
}): ReactElement {
  const { user, route } = props;
  const exposed = useExposure();
  // Content screens are for roles that read evidence (auditors and administrators do not).
  const reads = !['auditor', 'admin'].includes(user.role);
  const current = (name: Route['name']) => (route.name === name ? 'page' : undefined);
  useEffect(() => {
    document.title = `Vigil · ${route.name === 'case' || route.name === 'item' || route.name === 'exports' ? route.id : route.name}`;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [route]);
  return (
    <>
      <a
        className="skip"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href={links.home}>
          Vigil
        </a>
        <nav aria-label="Main">
          <a href={links.home} aria-current={current('home')}>
            Home
          </a>
          <a href={links.cases} aria-current={current('cases') ?? current('case')}>
            Cases
          </a>
          {reads ? (
            <>
              <a href={moreLinks.triage} aria-current={current('triage')}>
                Triage
              </a>
              <a href={moreLinks.search()} aria-current={current('search')}>
                Search
              </a>
              <a href={moreLinks.graph()} aria-current={current('graph')}>
                Graph
              </a>
            </>
          ) : null}
          {can(user, 'persona.list') ? (
            <a href={moreLinks.personas} aria-current={current('personas')}>
              Personas
            </a>
          ) : null}
          {can(user, 'package.verify') ? (
            <a href={moreLinks.verify} aria-current={current('verify')}>
              Verify
            </a>
          ) : null}
          {can(user, 'training.participate') ? (
            <a
              href={trainingLinks.home}
              aria-current={current('training') ?? current('training-assignment')}
            >
              Training
            </a>
          ) : null}
          {can(user, 'training.manage') ? (
            <a href={trainingLinks.cohorts} aria-current={current('cohorts') ?? current('cohort')}>
              Cohorts
            </a>
          ) : null}
          {can(user, 'ledger.read') ? (
            <a href={links.ledger()} aria-current={current('ledger')}>
              Ledger
            </a>
          ) : null}
        </nav>
        <p className="exposure" aria-live="polite" data-testid="exposure">
          <span title="graphic media you revealed in this session (recorded by the server)">
            Revealed: <strong data-testid="exposure-reveals">{exposed.session.reveals}</strong>
          </span>{' '}
          <span title="time revealed graphic media were on your screen in this session">
            Exposure:{' '}
            <strong data-testid="exposure-time">{formatDuration(exposed.session.seconds)}</strong>
          </span>{' '}
          <span
            className="fine-print"
            title="today, across your sessions"
            data-testid="exposure-today"
          >
            today {exposed.today.reveals} · {formatDuration(exposed.today.seconds)}
          </span>
        </p>
        <p className="whoami">
          <span dir="auto">{user.name}</span> <span className="badge">{user.role}</span>
        </p>
        <button type="button" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Screen route={route} user={user} onChange={props.onChange} />
      </main>
    </>
  );
}

function Screen(props: { route: Route; user: SignedIn; onChange: () => void }): ReactElement {
  const { route, user } = props;
  switch (route.name) {
    case 'home':
      return <HomePage user={user} />;
    case 'cases':
      return <CasesPage user={user} onChange={props.onChange} />;
    case 'case':
      return <CasePage key={route.id} id={route.id} user={user} />;
    case 'item':
      return <ItemPage key={route.id} id={route.id} user={user} />;
    case 'ledger':
      return <LedgerPage caseId={route.caseId} itemId={route.itemId} user={user} />;
    case 'triage':
      return <TriagePage />;
    case 'search':
      return (
        <SearchPage key={`${route.q}|${route.caseId ?? ''}`} q={route.q} caseId={route.caseId} />
      );
    case 'graph':
      return (
        <Suspense fallback={<p className="loading">Loading the graph…</p>}>
          <GraphPage caseId={route.caseId} />
        </Suspense>
      );
    case 'exports':
      return <ExportsPage key={route.id} id={route.id} />;
    case 'verify':
      return <VerifyPage />;
    case 'personas':
      return <PersonasPage user={user} />;
    case 'training':
      return <TrainingPage user={user} />;
    case 'training-assignment':
      return <TrainingAttemptPage key={route.id} assignmentId={route.id} user={user} />;
    case 'certificate':
      return <CertificatePage key={route.id} id={route.id} user={user} />;
    case 'cohorts':
      return <CohortsPage />;
    case 'cohort':
      return <CohortPage key={route.id} id={route.id} />;
    case 'not-found':
      return (
        <section>
          <h1>Not found</h1>
          <p>
            There is no screen at <code dir="auto">{route.path}</code>.{' '}
            <a href={links.home}>Home</a>
          </p>
        </section>
      );
  }
}
