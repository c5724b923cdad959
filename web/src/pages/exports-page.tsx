/**
 * @module Exports and reports of one case: MISP, STIX 2.1, GraphML, GEXF, MTGX, CSV (each format
 * the server offers) and the court report PDF, every one a download for a named recipient and
 * logged as a disclosure (R7); preservation requests to providers (Budapest Convention Art. 29)
 * with their deadlines (R21).
 */
import { useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { EXPORT_FORMATS } from '../../../src/exports/export-types.js';
import { client, courtReport, exportCase, saveBlob, unwrap } from '../api.js';
import type { Download, ExportFormat } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { UserText } from '../components/user-text.js';
import { links } from '../router.js';
import { useAsync } from '../use-async.js';
import { EVERY_ITEM, ReportOptions } from './report-options.js';
import type { ReportChoice } from './report-options.js';

const LABELS: Record<string, string> = {
  misp: 'MISP event (JSON)',
  stix: 'STIX 2.1 bundle',
  graphml: 'GraphML',
  gexf: 'GEXF (Gephi)',
  mtgx: 'Maltego graph (MTGX)',
  csv: 'CSV (exhibit list)',
  anb: 'i2 Analyst’s Notebook (ANB)',
  report: 'Court report (PDF)',
};

interface Preservation {
  readonly id: string;
  readonly provider: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly endsAt: string;
  readonly extendedUntil: string | null;
  readonly daysLeft: number;
  readonly state: 'active' | 'expiring' | 'expired';
  readonly alert: string | null;
  readonly sha256: string;
}

export function ExportsPage(props: { id: string }): ReactElement {
  const { id } = props;
  const kase = useAsync(
    async () => unwrap(await client.api.GET('/api/cases/{id}', { params: { path: { id } } })),
    [id],
  );
  return (
    <article className="exports">
      <header className="page-header">
        <p className="crumbs">
          <a href={links.kase(id)}>{id}</a> / exports
        </p>
        <h1>
          Exports and reports{' '}
          {kase.value ? <UserText value={kase.value.title} className="case-title" /> : null}
        </h1>
        <p className="fine-print">
          Every download names its recipient and is recorded in the custody ledger as a disclosure.
          Only reviewed (accepted) triage labels leave Vigil. To package captures, select them on
          the <a href={links.kase(id)}>case page</a>.
        </p>
      </header>
      <ErrorBanner error={kase.error} />
      <div className="columns">
        <ExportForm caseId={id} />
        <Preservations caseId={id} />
      </div>
    </article>
  );
}

function ExportForm(props: { caseId: string }): ReactElement {
  const [format, setFormat] = useState<string>(EXPORT_FORMATS[0]);
  const [recipient, setRecipient] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Download | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [report, setReport] = useState<ReportChoice>(EVERY_ITEM);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    if (format === 'report' && report.items?.length === 0) {
      setError(new Error('Tick the items the court report should cover, or choose every item.'));
      return;
    }
    setBusy(true);
    const body = { recipient, ...(reason.trim() ? { reason } : {}) };
    const request =
      format === 'report'
        ? courtReport(props.caseId, {
            ...body,
            ...(report.items ? { items: [...report.items] } : {}),
            ...(report.workingCopies ? { workingCopies: true } : {}),
          })
        : exportCase(props.caseId, format as ExportFormat, body);
    request.then(
      (download) => {
        saveBlob(download.blob, download.fileName);
        setDone(download);
        setBusy(false);
      },
      (failure: unknown) => {
        setError(failure);
        setBusy(false);
      },
    );
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="export-title">
      <h2 id="export-title">Download for a recipient</h2>
      <fieldset>
        <legend>Format</legend>
        {[...EXPORT_FORMATS, 'report'].map((name) => (
          <label key={name} className="check">
            <input
              type="radio"
              name="format"
              value={name}
              checked={format === name}
              onChange={() => setFormat(name)}
            />
            {LABELS[name] ?? name}
          </label>
        ))}
      </fieldset>
      {format === 'report' ? (
        <ReportOptions caseId={props.caseId} value={report} onChange={setReport} />
      ) : null}
      <label>
        Recipient
        <input
          name="recipient"
          dir="auto"
          required
          value={recipient}
          onChange={(e) => setRecipient(e.target.value)}
        />
      </label>
      <label>
        Reason
        <input
          name="exportReason"
          dir="auto"
          required
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Preparing…' : 'Download'}
      </button>
      {done ? (
        <p role="status" className="ok" data-testid="export-done">
          {done.fileName} downloaded
          {done.sha256 ? (
            <>
              {' '}
              — SHA-256 <span className="hash">{done.sha256}</span>
            </>
          ) : null}
          ; the disclosure is in the ledger.
        </p>
      ) : null}
      <ErrorBanner error={error} />
    </form>
  );
}

function Preservations(props: { caseId: string }): ReactElement {
  const { caseId } = props;
  const list = useAsync(async () => {
    const result = await client.api.GET('/api/cases/{id}/preservation-requests', {
      params: { path: { id: caseId }, query: {} },
    });
    return unwrap(result) as { requests: Preservation[] };
  }, [caseId]);
  const [provider, setProvider] = useState('');
  const [offence, setOffence] = useState('');
  const [facts, setFacts] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [letter, setLetter] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    void client.api
      .POST('/api/cases/{id}/preservation-requests', {
        params: { path: { id: caseId } },
        body: { provider, offence, ...(facts.trim() ? { facts } : {}) },
      })
      .then((result) => {
        const created = unwrap(result) as { letter?: unknown };
        setLetter(typeof created.letter === 'string' ? created.letter : null);
        setProvider('');
        setOffence('');
        setFacts('');
        list.reload();
      })
      .catch(setError);
  };
  return (
    <section className="panel" aria-labelledby="preservation-title">
      <h2 id="preservation-title">Preservation requests</h2>
      <ErrorBanner error={list.error ?? error} />
      {list.value ? (
        list.value.requests.length === 0 ? (
          <p className="absent">No preservation requests yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="preservations">
              <caption>Requests to providers to preserve data (90 days, extendable)</caption>
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Ends</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {list.value.requests.map((request) => (
                  <tr key={request.id} data-state={request.state}>
                    <td>
                      <UserText value={request.provider} />
                      <br />
                      <span className="fine-print">{request.id}</span>
                    </td>
                    <td>
                      {utc(request.createdAt)} by <UserText value={request.createdBy} />
                    </td>
                    <td>
                      {utc(request.endsAt)} ({request.daysLeft} days left)
                    </td>
                    <td>
                      <span className={`badge ${request.state === 'active' ? '' : 'danger'}`}>
                        {request.state}
                      </span>
                      {request.alert ? (
                        <p className="error" dir="auto">
                          {request.alert}
                        </p>
                      ) : null}
                      {request.extendedUntil ? (
                        <p className="fine-print">extended (Art. 29(7))</p>
                      ) : request.state !== 'expired' ? (
                        <ExtendButton
                          caseId={caseId}
                          requestId={request.id}
                          onDone={() => list.reload()}
                          onError={setError}
                        />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      <form onSubmit={submit} aria-label="New preservation request">
        <h3>New request</h3>
        <label>
          Provider
          <input
            name="provider"
            dir="auto"
            required
            value={provider}
            onChange={(e) => setProvider(e.target.value)}
          />
        </label>
        <label>
          Offence
          <input
            name="offence"
            dir="auto"
            required
            value={offence}
            onChange={(e) => setOffence(e.target.value)}
          />
        </label>
        <label>
          Facts (optional)
          <textarea
            name="facts"
            dir="auto"
            value={facts}
            onChange={(e) => setFacts(e.target.value)}
          />
        </label>
        <button type="submit">Record and draft the letter</button>
      </form>
      {letter ? (
        <details open>
          <summary>Letter to send</summary>
          <pre className="letter" dir="auto">
            {letter}
          </pre>
        </details>
      ) : null}
    </section>
  );
}

/** Records the 60-day extension the provider granted (Budapest Art. 29(7)); once per request. */
function ExtendButton(props: {
  caseId: string;
  requestId: string;
  onDone: () => void;
  onError: (error: unknown) => void;
}): ReactElement {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Record extension
      </button>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    client.api
      .POST('/api/cases/{id}/preservation-requests/{requestId}/extension', {
        params: { path: { id: props.caseId, requestId: props.requestId } },
        body: reason.trim() ? { reason: reason.trim() } : {},
      })
      .then((result) => {
        unwrap(result);
        setOpen(false);
        props.onDone();
      })
      .catch(props.onError)
      .finally(() => setBusy(false));
  };
  return (
    <form onSubmit={submit} aria-label={`Extension of ${props.requestId}`}>
      <label>
        Provider’s confirmation
        <input
          name="extensionReason"
          dir="auto"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        Record the 60-day extension
      </button>
    </form>
  );
}
