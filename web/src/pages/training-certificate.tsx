/**
 * @module A certificate (R26): what it certifies, its standing, the signed credential to download
 * (an Open Badges 3.0 JSON anyone verifies offline with `vigil cert verify`), the printable PDF
 * with its QR code, and verification now; trainers who manage it may revoke it with a reason.
 */
import { useEffect, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { client, unwrap } from '../api.js';
import type { SignedIn } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { bytes, utc } from '../components/format.js';
import { UserText } from '../components/user-text.js';
import { can } from '../permissions.js';
import { trainingLinks } from '../router.js';
import { useAction } from '../use-action.js';
import { useAsync } from '../use-async.js';
import { VerificationPanel } from './training-shared.js';
import type { Certificate } from './training-shared.js';

/** An object URL for `blob`, revoked when the component lets go of it. */
function useObjectUrl(blob: Blob | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (blob === null) return;
    const made = URL.createObjectURL(blob);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [blob]);
  return url;
}

export function CertificatePage(props: { id: string; user: SignedIn }): ReactElement {
  const { user } = props;
  const certificate = useAsync(
    async () =>
      unwrap(
        await client.api.GET('/api/certificates/{id}', { params: { path: { id: props.id } } }),
      ) as unknown as Certificate,
    [props.id],
  );
  const value = certificate.value;
  const json = value
    ? new Blob([`${JSON.stringify(value.credential, null, 2)}\n`], {
        type: 'application/json',
      })
    : null;
  const jsonUrl = useObjectUrl(json);
  const [pdf, setPdf] = useState<Blob | null>(null);
  const pdfUrl = useObjectUrl(pdf);
  const [pdfError, setPdfError] = useState<unknown>(null);
  const [printing, setPrinting] = useState(false);
  const print = () => {
    setPrinting(true);
    setPdfError(null);
    void client.api
      .GET('/api/certificates/{id}/pdf', { params: { path: { id: props.id } }, parseAs: 'blob' })
      .then((result) => setPdf(unwrap(result)))
      .catch(setPdfError)
      .finally(() => setPrinting(false));
  };
  if (certificate.error) return <ErrorBanner error={certificate.error} />;
  if (!value) return <p className="loading">Loading…</p>;
  return (
    <section className="certificate-page">
      <p className="fine-print">
        <a href={trainingLinks.home}>Training</a> › {value.id}
      </p>
      <h1>
        Certificate {value.id}{' '}
        {value.revocation ? (
          <span className="badge danger" data-testid="certificate-standing">
            revoked
          </span>
        ) : (
          <span className="badge approved" data-testid="certificate-standing">
            issued
          </span>
        )}
      </h1>
      <dl className="facts">
        <dt>Awarded to</dt>
        <dd>
          <UserText value={value.recipient} />
        </dd>
        <dt>Achievement</dt>
        <dd>
          <UserText value={value.achievementName} />
        </dd>
        <dt>Issued</dt>
        <dd>
          {utc(value.issuedAt)} by <UserText value={issuerName(value.credential)} /> (the centre's
          signing key)
        </dd>
        <dt>Awarded by</dt>
        <dd>
          <UserText value={value.issuedBy} />
        </dd>
        <dt>Credential id</dt>
        <dd>
          <code>{value.credentialId}</code>
        </dd>
        <dt>SHA-256 (RFC 8785 JSON)</dt>
        <dd>
          <code className="hash">{value.sha256}</code>
        </dd>
        {value.revocation ? (
          <>
            <dt>Revoked</dt>
            <dd data-testid="revocation">
              {utc(value.revocation.revokedAt)} by <UserText value={value.revocation.revokedBy} />:{' '}
              <UserText value={value.revocation.reason} />
            </dd>
          </>
        ) : null}
      </dl>
      <section className="panel" aria-labelledby="downloads">
        <h2 id="downloads">Download</h2>
        <p>
          {jsonUrl ? (
            <a href={jsonUrl} download={`${value.id}.json`} data-testid="credential-download">
              Credential (Open Badges 3.0 JSON)
            </a>
          ) : null}{' '}
          <span className="fine-print">
            — verify it anywhere, offline: <code>vigil cert verify {value.id}.json</code>
          </span>
        </p>
        <p>
          <button type="button" onClick={print} disabled={printing}>
            {printing ? 'Printing…' : 'Prepare the PDF certificate'}
          </button>{' '}
          {pdfUrl && pdf ? (
            <a href={pdfUrl} download={`${value.id}.pdf`} data-testid="pdf-download">
              Download the PDF ({bytes(pdf.size)})
            </a>
          ) : null}
        </p>
        <ErrorBanner error={pdfError} />
      </section>
      <VerificationPanel
        key={value.revocation ? 'revoked' : 'issued'}
        credential={value.credential}
      />
      {can(user, 'training.manage') && !value.revocation ? (
        <RevokeForm id={value.id} onRevoked={() => certificate.reload()} />
      ) : null}
    </section>
  );
}

/** A trainer revokes with a reason; the signed status list is republished at once. */
export function RevokeForm(props: { id: string; onRevoked: () => void }): ReactElement {
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(() =>
      client.api
        .POST('/api/certificates/{id}/revocation', {
          params: { path: { id: props.id } },
          body: { reason },
        })
        .then((result) => {
          unwrap(result);
          props.onRevoked();
        }),
    );
  };
  return (
    <form className="panel danger" onSubmit={submit} aria-labelledby={`revoke-${props.id}`}>
      <h2 id={`revoke-${props.id}`}>Revoke {props.id}</h2>
      <label>
        Reason for revocation
        <textarea
          name="reason"
          dir="auto"
          required
          minLength={3}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Revoking…' : `Revoke ${props.id}`}
      </button>
      <ErrorBanner error={error} />
    </form>
  );
}

/** The credential's issuer as it names itself (the training centre), for display. */
function issuerName(credential: Record<string, unknown>): string {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object') {
    const { name, id } = issuer as { name?: unknown; id?: unknown };
    if (typeof name === 'string') return name;
    if (typeof id === 'string') return id;
  }
  return 'the training centre';
}
