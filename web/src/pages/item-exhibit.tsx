/**
 * @module What the court report needs of an item: its Admiralty grade (NATO STANAG 2511, R10) with
 * the provenance label (R20), and the record of how it was verified (R19). Both are recorded by a
 * person, with their name, as ledger annotations; the report is refused until every item has them.
 */
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import {
  ADMIRALTY_CREDIBILITY,
  ADMIRALTY_RELIABILITY,
  CREDIBILITY_MEANING,
  RELIABILITY_MEANING,
} from '../../../src/exports/export-types.js';
import type {
  AdmiraltyCredibility,
  AdmiraltyReliability,
} from '../../../src/exports/export-types.js';
import { client, unwrap } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { UserText } from '../components/user-text.js';
import { useAsync } from '../use-async.js';

const CONFIDENCE = ['high', 'medium', 'low'] as const;
type Confidence = (typeof CONFIDENCE)[number];

export function ExhibitPanel(props: { itemId: string; canRecord: boolean }): ReactElement {
  const { itemId } = props;
  const grade = useAsync(
    async () =>
      unwrap(await client.api.GET('/api/items/{id}/grade', { params: { path: { id: itemId } } }))
        .grade,
    [itemId],
  );
  const verification = useAsync(
    async () =>
      unwrap(
        await client.api.GET('/api/items/{id}/verification', { params: { path: { id: itemId } } }),
      ).verification,
    [itemId],
  );
  return (
    <section className="panel exhibit" aria-labelledby="exhibit-title">
      <h2 id="exhibit-title">Grading and verification</h2>
      <ErrorBanner error={grade.error ?? verification.error} />
      <dl className="facts">
        <dt>Grade</dt>
        <dd data-testid="grade">
          {grade.value ? (
            <>
              <strong>
                {grade.value.reliability}
                {grade.value.credibility}
              </strong>{' '}
              ({RELIABILITY_MEANING[grade.value.reliability]};{' '}
              {CREDIBILITY_MEANING[grade.value.credibility]}) by{' '}
              <UserText value={grade.value.gradedBy} />, {utc(grade.value.gradedAt)}
            </>
          ) : (
            'not graded'
          )}
        </dd>
        <dt>Verified</dt>
        <dd data-testid="verification">
          {verification.value ? (
            <>
              confidence <strong>{verification.value.confidence}</strong> by{' '}
              <UserText value={verification.value.recordedBy} />,{' '}
              {utc(verification.value.recordedAt)}
            </>
          ) : (
            'no verification record'
          )}
        </dd>
      </dl>
      {props.canRecord ? (
        <>
          <GradeForm itemId={itemId} onDone={() => grade.reload()} />
          <VerificationForm itemId={itemId} onDone={() => verification.reload()} />
        </>
      ) : null}
    </section>
  );
}

function GradeForm(props: { itemId: string; onDone: () => void }): ReactElement {
  const [reliability, setReliability] = useState<AdmiraltyReliability>('F');
  const [credibility, setCredibility] = useState<AdmiraltyCredibility>('6');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    void client.api
      .POST('/api/items/{id}/grade', {
        params: { path: { id: props.itemId } },
        body: { reliability, credibility, reason },
      })
      .then((result) => {
        unwrap(result);
        setReason('');
        props.onDone();
      })
      .catch(setError);
  };
  return (
    <form onSubmit={submit} aria-label="Grade">
      <div className="row">
        <label>
          Source reliability
          <select
            value={reliability}
            onChange={(e) => setReliability(e.target.value as AdmiraltyReliability)}
          >
            {ADMIRALTY_RELIABILITY.map((value) => (
              <option key={value} value={value}>
                {value} — {RELIABILITY_MEANING[value]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Information credibility
          <select
            value={credibility}
            onChange={(e) => setCredibility(e.target.value as AdmiraltyCredibility)}
          >
            {ADMIRALTY_CREDIBILITY.map((value) => (
              <option key={value} value={value}>
                {value} — {CREDIBILITY_MEANING[value]}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          Reason for the grade
          <input dir="auto" required value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      </div>
      <button type="submit">Record grade</button>
      <ErrorBanner error={error} />
    </form>
  );
}

function VerificationForm(props: { itemId: string; onDone: () => void }): ReactElement {
  const [source, setSource] = useState('');
  const [content, setContent] = useState('');
  const [technical, setTechnical] = useState('');
  const [confidence, setConfidence] = useState<Confidence>('medium');
  const [error, setError] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    void client.api
      .POST('/api/items/{id}/verification', {
        params: { path: { id: props.itemId } },
        body: { source, content, technical, confidence },
      })
      .then((result) => {
        unwrap(result);
        props.onDone();
      })
      .catch(setError);
  };
  return (
    <form onSubmit={submit} aria-label="Verification record">
      <label>
        Source analysis
        <textarea dir="auto" required value={source} onChange={(e) => setSource(e.target.value)} />
      </label>
      <label>
        Content analysis
        <textarea
          dir="auto"
          required
          value={content}
          onChange={(e) => setContent(e.target.value)}
        />
      </label>
      <label>
        Technical analysis
        <textarea
          dir="auto"
          required
          value={technical}
          onChange={(e) => setTechnical(e.target.value)}
        />
      </label>
      <label>
        Confidence
        <select value={confidence} onChange={(e) => setConfidence(e.target.value as Confidence)}>
          {CONFIDENCE.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Record verification</button>
      <ErrorBanner error={error} />
    </form>
  );
}
