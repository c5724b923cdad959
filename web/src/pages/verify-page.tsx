/**
 * @module "Verify a package": drop an evidence package (.wacz) and read the offline verifier's
 * report check by check, as `vigil verify` prints it. The file is checked by the server and not
 * stored; nothing of it is rendered except the report's text.
 */
import { useState } from 'react';
import type { DragEvent, ReactElement } from 'react';
import { verifyPackageFile } from '../api.js';
import type { VerifyReport } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { bytes } from '../components/format.js';
import { UserText } from '../components/user-text.js';

export function VerifyPage(): ReactElement {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const check = (chosen: File | undefined | null) => {
    if (!chosen) return;
    setFile(chosen);
    setReport(null);
    setError(null);
    setBusy(true);
    verifyPackageFile(chosen).then(
      (result) => {
        setReport(result);
        setBusy(false);
      },
      (failure: unknown) => {
        setError(failure);
        setBusy(false);
      },
    );
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    check(event.dataTransfer.files[0]);
  };

  return (
    <article className="verify-page">
      <header className="page-header">
        <h1>Verify a package</h1>
        <p className="fine-print">
          Checks an evidence package someone gave you: every file’s hash, the WARC records, the
          signature and the timestamps. The file is read and not kept.
        </p>
      </header>
      <div
        className={`panel drop-zone ${dragging ? 'dragging' : ''}`}
        data-testid="verify-drop"
        onDragEnter={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop a .wacz package here, or</p>
        <label className="file-choice">
          Choose a package
          <input
            type="file"
            name="package"
            accept=".wacz,application/wacz,application/zip"
            onChange={(event) => check(event.target.files?.[0])}
          />
        </label>
      </div>
      {file ? (
        <p>
          <UserText value={file.name} /> <span className="fine-print">{bytes(file.size)}</span>
          {busy ? ' — verifying…' : ''}
        </p>
      ) : null}
      <ErrorBanner error={error} />
      {report ? <Report report={report} /> : null}
    </article>
  );
}

function Report(props: { report: VerifyReport }): ReactElement {
  const { report } = props;
  return (
    <section className="panel" aria-labelledby="report-title">
      <h2 id="report-title">Report</h2>
      <p
        className={report.ok ? 'ok verdict' : 'error verdict'}
        role="status"
        data-testid="verify-verdict"
        data-ok={String(report.ok)}
      >
        <UserText value={report.verdict} />
      </p>
      <dl className="facts">
        <dt>Files</dt>
        <dd>{report.files}</dd>
        <dt>WARC records</dt>
        <dd>{report.records}</dd>
        <dt>Signed by</dt>
        <dd className="hash">
          {report.signedBy
            ? report.signedBy.fingerprint === report.signedBy.keyId
              ? report.signedBy.keyId
              : `${report.signedBy.keyId} (fingerprint ${report.signedBy.fingerprint})`
            : '—'}
        </dd>
        <dt>Timestamps</dt>
        <dd>
          {report.timestamps.length === 0
            ? 'none'
            : report.timestamps.map((stamp, at) => (
                <span key={at} className={stamp.ok ? 'ok' : 'error'}>
                  {stamp.time ?? '—'} <UserText value={stamp.tsa ?? stamp.url} />
                  {stamp.reason ? <UserText value={` (${stamp.reason})`} /> : null}{' '}
                </span>
              ))}
        </dd>
      </dl>
      <ol className="checks" aria-label="Checks">
        {report.checks.map((check, at) => (
          <li
            key={at}
            data-ok={String(check.ok)}
            // Passed with a caveat (e.g. not timestamped) reads as a warning, not a pass.
            className={!check.ok ? 'error' : check.status === 'passed' ? 'ok' : 'notice'}
          >
            <span className="badge">{check.ok ? '✓' : '✗'}</span> <strong>{check.name}</strong>{' '}
            <span className="fine-print">{check.status}</span> — <UserText value={check.detail} />
            {check.file ? <UserText value={` (${check.file})`} className="fine-print" /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
