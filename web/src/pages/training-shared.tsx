/**
 * @module What the training screens share (issue 9): the shapes the training routes answer with
 * (their OpenAPI schemas are open objects), time windows, the attempt timer, feedback per
 * criterion, the override history, and the offline verification of a credential (R26).
 */
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { client, unwrap } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { UserText } from '../components/user-text.js';
import { useAction } from '../use-action.js';

export interface TaskBrief {
  readonly id: string;
  readonly kind: string;
  readonly prompt: string;
  readonly points: number;
  readonly timeLimitMinutes?: number;
}

export interface MyAssignment {
  readonly id: string;
  readonly cohortId: string;
  readonly scenario: string;
  readonly title: string;
  readonly opensAt: string;
  readonly closesAt: string;
  readonly timeLimitMinutes: number;
  readonly variant: string;
  readonly seed: string | null;
  readonly briefing: string;
  readonly legalBasis: { required: boolean; mustRecord: string[]; guidance: string };
  readonly tasks: TaskBrief[];
}

export interface Revocation {
  readonly reason: string;
  readonly revokedBy: string;
  readonly revokedAt: string;
}

export interface Certificate {
  readonly id: string;
  readonly credentialId: string;
  readonly recipient: string;
  readonly recipientUser: string | null;
  readonly achievementName: string;
  readonly issuedAt: string;
  readonly issuedBy: string;
  readonly sha256: string;
  readonly credential: Record<string, unknown>;
  readonly revocation: Revocation | null;
}

export interface Criterion {
  readonly id: string;
  readonly score: number;
  readonly max: number;
  readonly feedback: string;
  readonly automatic: number;
  readonly overridden: boolean;
}

export interface Override {
  readonly id: number;
  readonly criterion: string;
  readonly score: number;
  readonly previous: number;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export interface Attempt {
  readonly id: string;
  readonly assignmentId: string;
  readonly cohortId: string;
  readonly trainee: string;
  readonly caseId: string;
  readonly variant: string;
  readonly scenario: string;
  readonly startedAt: string;
  readonly opensAt: string;
  readonly closesAt: string;
  readonly briefing: string;
  /** The trainee's own range variant, run by the server while the window is open (R24). */
  readonly range: { readonly url: string | null; readonly error: string | null } | null;
  readonly submission: {
    id: string;
    submittedAt: string;
    packages: { name: string; sha256: string }[];
    flagged: boolean;
    automatic: { score: number; max: number };
  } | null;
  readonly result: {
    score: number;
    max: number;
    passed: boolean;
    criteria: Criterion[];
    flags: string[];
  } | null;
  readonly overrides: Override[];
  readonly certificate: Certificate | null;
}

export interface MyTraining {
  readonly assignments: MyAssignment[];
  readonly attempts: Attempt[];
  readonly certificates: Certificate[];
}

export interface Verification {
  readonly ok: boolean;
  readonly revoked: boolean | null;
  readonly checks: { name: string; ok: boolean; detail: string }[];
}

/** The trainee's training, from `GET /api/me/training`. */
export async function myTraining(): Promise<MyTraining> {
  return unwrap(await client.api.GET('/api/me/training')) as unknown as MyTraining;
}

export type WindowState = 'not yet open' | 'open' | 'closed';

export function windowState(a: { opensAt: string; closesAt: string }, now: number): WindowState {
  if (now < Date.parse(a.opensAt)) return 'not yet open';
  return now > Date.parse(a.closesAt) ? 'closed' : 'open';
}

/** The current time, refreshed every `ms` (for timers and windows). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

export function WindowBadge(props: { opensAt: string; closesAt: string }): ReactElement {
  const state = windowState(props, useNow(15_000));
  const tone = state === 'open' ? 'approved' : state === 'closed' ? 'danger' : 'pending';
  return (
    <span className={`badge ${tone}`} data-testid="window-state">
      {state}
    </span>
  );
}

const clock = (seconds: number): string => {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
};

/**
 * The attempt timer: time spent since the start against the scenario's limit, and the time left
 * before the window closes (after which nothing is accepted).
 */
export function AttemptTimer(props: {
  startedAt: string;
  limitMinutes: number;
  closesAt: string;
}): ReactElement {
  const now = useNow();
  const spent = (now - Date.parse(props.startedAt)) / 1000;
  const left = props.limitMinutes * 60 - spent;
  const closes = (Date.parse(props.closesAt) - now) / 1000;
  return (
    <p className={`timer${left < 0 ? ' over' : ''}`} role="timer" aria-live="off">
      <span>
        Elapsed <strong data-testid="timer-elapsed">{clock(spent)}</strong> of {props.limitMinutes}{' '}
        min
      </span>
      <span>
        {left >= 0 ? (
          <>
            Time left <strong>{clock(left)}</strong>
          </>
        ) : (
          <strong>over the time limit by {clock(-left)}</strong>
        )}
      </span>
      <span>
        Window closes in <strong>{closes > 0 ? clock(closes) : 'closed'}</strong>
      </span>
    </p>
  );
}

/** Feedback per criterion: score out of max, the automatic score when a trainer overrode it. */
export function CriteriaTable(props: { criteria: readonly Criterion[] }): ReactElement {
  return (
    <div className="table-scroll">
      <table className="criteria" aria-label="Feedback per criterion">
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            <th scope="col">Score</th>
            <th scope="col">Feedback</th>
          </tr>
        </thead>
        <tbody>
          {props.criteria.map((c) => (
            <tr key={c.id} data-criterion={c.id}>
              <th scope="row">{c.id.replace('_', ' ')}</th>
              <td className="nowrap" data-testid={`score-${c.id}`}>
                {c.score}/{c.max}
                {c.overridden ? (
                  <span className="fine-print"> (overridden; automatic {c.automatic})</span>
                ) : null}
              </td>
              <td>
                <UserText value={c.feedback} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The append-only history of a trainer's overrides (R25). */
export function OverrideHistory(props: { overrides: readonly Override[] }): ReactElement | null {
  if (props.overrides.length === 0) return null;
  return (
    <section aria-labelledby="override-history">
      <h3 id="override-history">Override history</h3>
      <ol className="overrides">
        {props.overrides.map((o) => (
          <li key={o.id}>
            <span className="nowrap">{utc(o.at)}</span> · <UserText value={o.by} />:{' '}
            <strong>{o.criterion}</strong> {o.previous} → {o.score} — <UserText value={o.reason} />
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Verifies a credential on the server, offline (proof, issuer key, dates, status list). */
export async function verifyCredential(credential: Record<string, unknown>): Promise<Verification> {
  return unwrap(await client.api.POST('/api/certificates/verify', { body: { credential } }));
}

/** The verification verdict and each check. */
export function VerificationPanel(props: { credential: Record<string, unknown> }): ReactElement {
  const [result, setResult] = useState<Verification | null>(null);
  const { busy, error, run } = useAction();
  const verify = () => run(() => verifyCredential(props.credential).then(setResult));
  return (
    <section className="panel" aria-labelledby="verification">
      <h2 id="verification">Verification</h2>
      <button type="button" onClick={verify} disabled={busy}>
        {busy ? 'Verifying…' : 'Verify the credential'}
      </button>
      <ErrorBanner error={error} />
      {result ? (
        <>
          <p data-testid="verification-verdict" className={result.ok ? 'ok' : 'error'}>
            {result.ok
              ? 'VALID — the proof, issuer key and dates check out and it is not revoked'
              : result.revoked === true
                ? 'REVOKED — the training centre has revoked this certificate'
                : 'INVALID — see the failed checks'}
          </p>
          <ul className="checks">
            {result.checks.map((c) => (
              <li key={c.name} data-check={c.name} className={c.ok ? 'ok' : 'error'}>
                <strong>
                  {c.ok ? '✓' : '✗'} {c.name}
                </strong>{' '}
                <UserText value={c.detail} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
