/**
 * @module The trainee's training desk (issue 9): the scenarios assigned to me with their time
 * windows, where each attempt stands, and my certificates. Everything here is training data: a
 * trainee's cases are training workspaces, never operational ones.
 */
import type { ReactElement } from 'react';
import type { SignedIn } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { UserText } from '../components/user-text.js';
import { can } from '../permissions.js';
import { trainingLinks } from '../router.js';
import { useAsync } from '../use-async.js';
import { WindowBadge, myTraining } from './training-shared.js';

export function TrainingPage(props: { user: SignedIn }): ReactElement {
  const { user } = props;
  const participates = can(user, 'training.participate');
  const training = useAsync(async () => (participates ? myTraining() : null), [participates]);
  const data = training.value;
  return (
    <section>
      <h1>Training</h1>
      <ErrorBanner error={training.error} />
      {can(user, 'training.manage') ? (
        <p>
          <a href={trainingLinks.cohorts}>Manage cohorts</a>: enrol trainees, assign scenarios,
          follow results.
        </p>
      ) : null}
      {data ? (
        <>
          <section className="panel" aria-labelledby="assigned">
            <h2 id="assigned">My assigned scenarios</h2>
            {data.assignments.length === 0 ? (
              <p className="absent">Nothing is assigned to you yet.</p>
            ) : (
              <div className="table-scroll">
                <table className="assignments">
                  <thead>
                    <tr>
                      <th scope="col">Scenario</th>
                      <th scope="col">Window</th>
                      <th scope="col">Time limit</th>
                      <th scope="col">My attempt</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.assignments.map((a) => {
                      const attempt = data.attempts.find((t) => t.assignmentId === a.id);
                      return (
                        <tr key={a.id} data-assignment={a.id}>
                          <td>
                            <a href={trainingLinks.assignment(a.id)}>
                              <UserText value={a.title} />
                            </a>{' '}
                            <span className="fine-print">
                              {a.scenario} · {a.cohortId}
                            </span>
                          </td>
                          <td>
                            <WindowBadge opensAt={a.opensAt} closesAt={a.closesAt} />{' '}
                            <span className="fine-print nowrap">
                              {utc(a.opensAt)} → {utc(a.closesAt)}
                            </span>
                          </td>
                          <td>{a.timeLimitMinutes} min</td>
                          <td>
                            {attempt === undefined
                              ? 'not started'
                              : attempt.result === null
                                ? `in progress (${attempt.caseId})`
                                : `${attempt.result.score}/${attempt.result.max} ${attempt.result.passed ? 'passed' : 'not passed'}`}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="panel" aria-labelledby="my-certificates">
            <h2 id="my-certificates">My certificates</h2>
            {data.certificates.length === 0 ? (
              <p className="absent">No certificate yet: pass an assessed scenario to earn one.</p>
            ) : (
              <ul className="case-list">
                {data.certificates.map((c) => (
                  <li key={c.id}>
                    <a href={trainingLinks.certificate(c.id)}>
                      {c.id} <UserText value={c.achievementName} />
                    </a>{' '}
                    {c.revocation ? (
                      <span className="badge danger">revoked</span>
                    ) : (
                      <span className="badge approved">issued {utc(c.issuedAt)}</span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : null}
    </section>
  );
}
