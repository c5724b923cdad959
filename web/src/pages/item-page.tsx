/**
 * @module One item: its screenshot (zoomable; blurred until revealed when marked graphic — R18),
 * marking it graphic, recapture and the diff with the earlier capture, hashes with an in-browser
 * re-hash ("verify now", R4), the capture's provenance (R3), the structured post, grading and
 * verification (R10, R19), other metadata, and the item's custody timeline (R7).
 */
import { useCallback, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { client, fetchArtifact, fetchItem, saveBlob, unwrap } from '../api.js';
import type { Artifact, ItemWithArtifacts, SignedIn } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { bytes, utc } from '../components/format.js';
import { LedgerTable } from '../components/ledger-table.js';
import { SensitiveImage } from '../components/sensitive-image.js';
import { DataTree, Maybe, UserText } from '../components/user-text.js';
import { links } from '../router.js';
import { useAsync } from '../use-async.js';
import { canOnCase } from '../permissions.js';
import { AnnotationsPanel } from './item-annotations.js';
import { ProvenancePanel, StructuredPanel } from './item-panels.js';
import { ExhibitPanel } from './item-exhibit.js';
import { RedactionPanel } from './item-redaction.js';
import { DiffView, RecapturePanel } from './item-recapture.js';
import { ReplayPanel } from './item-replay.js';
import { TriagePanel } from './item-triage.js';

/** The picture of an item: the full-page screenshot, the viewport one, or the image itself. */
function pictures(item: ItemWithArtifacts): Artifact[] {
  if (item.erasedAt) return [];
  const byRole = (role: Artifact['role']) => item.artifacts.filter((a) => a.role === role);
  const images = item.artifacts.filter(
    (a) => a.role === 'original' && a.mediaType.startsWith('image/'),
  );
  return [...byRole('screenshot-full'), ...byRole('screenshot-viewport'), ...images];
}

export function ItemPage(props: { id: string; user: SignedIn }): ReactElement {
  const { id, user } = props;
  const item = useAsync(() => fetchItem(id), [id]);
  const caseId = item.value?.caseId;
  const kase = useAsync(
    async () =>
      caseId
        ? unwrap(await client.api.GET('/api/cases/{id}', { params: { path: { id: caseId } } }))
        : null,
    [caseId],
  );
  // Marked graphic (R18) is a tag: blurred for everyone until revealed.
  const graphic = useAsync(
    async () =>
      unwrap(
        await client.api.GET('/api/items/{id}/annotations', { params: { path: { id } } }),
      ).tags.some((tag) => tag.tag === 'graphic'),
    [id],
  );
  if (item.error) return <ErrorBanner error={item.error} />;
  if (!item.value || graphic.value === undefined) {
    return graphic.error ? (
      <ErrorBanner error={graphic.error} />
    ) : (
      <p className="loading">Loading…</p>
    );
  }
  const view = item.value;
  const metadata = view.metadata;
  const { provenance, structured, ...rest } = metadata;
  const recaptureOf = typeof metadata.recaptureOf === 'string' ? metadata.recaptureOf : null;
  const canCollect = kase.value ? canOnCase(user, 'item.collect', kase.value) : false;
  return (
    <article className="item">
      <header className="page-header">
        <p className="crumbs">
          <a href={links.kase(view.caseId)}>{view.caseId}</a> / {view.id}
        </p>
        <h1>
          <UserText value={view.name} />
        </h1>
        <p className="meta">
          <span className="badge">{view.kind}</span> <span>{view.mediaType}</span>{' '}
          <span>{bytes(view.size)}</span>
          {view.erasedAt ? <span className="badge danger">erased {utc(view.erasedAt)}</span> : null}
        </p>
      </header>
      <div className="columns item-columns">
        <div>
          <Pictures item={view} graphic={graphic.value} />
          {view.erasedAt ? null : (
            <GraphicPanel
              itemId={view.id}
              graphic={graphic.value}
              onMarked={() => graphic.reload()}
            />
          )}
          {recaptureOf && !view.erasedAt ? (
            <section className="panel" aria-labelledby="compared">
              <h2 id="compared">Compared with {recaptureOf}</h2>
              <DiffView itemId={view.id} graphic={graphic.value} />
            </section>
          ) : null}
          {view.kind === 'capture' && view.sourceUrl && !view.erasedAt && canCollect ? (
            <RecapturePanel itemId={view.id} graphic={graphic.value} />
          ) : null}
          {!view.erasedAt && view.artifacts.some((artifact) => artifact.role === 'package') ? (
            <ReplayPanel itemId={view.id} />
          ) : null}
          {view.erasedAt ? null : <TriagePanel itemId={view.id} canRerun={canCollect} />}
          {structured ? <StructuredPanel structured={structured} /> : null}
          {provenance ? <ProvenancePanel provenance={provenance} /> : null}
        </div>
        <div>
          <section className="panel" aria-labelledby="collection">
            <h2 id="collection">Collection</h2>
            <dl className="facts">
              <dt>Collected</dt>
              <dd>{utc(view.collectedAt)}</dd>
              <dt>By</dt>
              <dd>
                <UserText value={view.collectedBy} />
              </dd>
              <dt>Reason</dt>
              <dd>
                <UserText value={view.reason} />
              </dd>
              <dt>Legal basis</dt>
              <dd>{view.legalBasisId}</dd>
              <dt>Source URL</dt>
              <dd>
                {/* Text, not a link: opening it from here would expose the investigator. */}
                <Maybe value={view.sourceUrl} className="url" />
              </dd>
              <dt>Acquired</dt>
              <dd>{view.acquiredAt ? utc(view.acquiredAt) : '—'}</dd>
            </dl>
          </section>
          <Hashes item={view} />
          <AnnotationsPanel key={String(graphic.value)} itemId={view.id} />
          {view.erasedAt ? null : (
            <ExhibitPanel
              itemId={view.id}
              canRecord={kase.value ? canOnCase(user, 'item.annotate', kase.value) : false}
            />
          )}
          {view.erasedAt ? null : (
            <RedactionPanel
              item={view}
              graphic={graphic.value}
              canRedact={kase.value ? canOnCase(user, 'item.annotate', kase.value) : false}
            />
          )}
          {Object.keys(rest).length > 0 ? (
            <section className="panel" aria-labelledby="metadata">
              <h2 id="metadata">Other metadata</h2>
              <DataTree value={rest} />
            </section>
          ) : null}
        </div>
      </div>
      <Artifacts item={view} />
      <Custody item={view} />
    </article>
  );
}

/**
 * Marks the item's media graphic (R18): a tag in the ledger, for everyone who opens it. There is
 * no unmarking: a wrong mark only costs a click, a missing one exposes colleagues.
 */
function GraphicPanel(props: {
  itemId: string;
  graphic: boolean;
  onMarked: () => void;
}): ReactElement {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const mark = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    void client.api
      .POST('/api/items/{id}/graphic', {
        params: { path: { id: props.itemId } },
        body: reason.trim() ? { reason } : {},
      })
      .then((result) => {
        unwrap(result);
        props.onMarked();
      })
      .catch(setError);
  };
  return (
    <section className="panel graphic" aria-labelledby="graphic-title">
      <h2 id="graphic-title">Graphic media</h2>
      {props.graphic ? (
        <p data-testid="graphic-state">
          Marked graphic: shown blurred to everyone until they choose to reveal it.
        </p>
      ) : (
        <form className="row" onSubmit={mark}>
          <label className="grow">
            Why (optional)
            <input dir="auto" value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit">Mark as graphic</button>
        </form>
      )}
      <ErrorBanner error={error} />
    </section>
  );
}

function Pictures(props: { item: ItemWithArtifacts; graphic: boolean }): ReactElement | null {
  const { item } = props;
  const all = pictures(item);
  const [index, setIndex] = useState(0);
  const [zoom, setZoom] = useState(1);
  const picture = all[Math.min(index, all.length - 1)];
  const sha256 = picture?.sha256;
  const load = useCallback(
    () => fetchArtifact(item.id, sha256 ?? '', 'item page: view the screenshot'),
    [item.id, sha256],
  );
  if (!picture) return null;
  return (
    <section className="panel screenshot" aria-labelledby="screenshot">
      <h2 id="screenshot">{picture.role === 'original' ? 'Image' : 'Screenshot'}</h2>
      <div className="toolbar" role="toolbar" aria-label="Screenshot">
        {all.length > 1 ? (
          <label>
            Show
            <select value={index} onChange={(e) => setIndex(Number(e.target.value))}>
              {all.map((artifact, position) => (
                <option key={artifact.sha256 + artifact.role} value={position}>
                  {artifact.role}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button
          type="button"
          onClick={() => setZoom((z) => Math.max(0.25, z / 1.5))}
          aria-label="Zoom out"
        >
          −
        </button>
        <output aria-label="Zoom">{Math.round(zoom * 100)}%</output>
        <button
          type="button"
          onClick={() => setZoom((z) => Math.min(8, z * 1.5))}
          aria-label="Zoom in"
        >
          +
        </button>
        <button type="button" onClick={() => setZoom(1)}>
          Fit
        </button>
      </div>
      <div className="zoom-frame" data-testid="zoom-frame">
        <SensitiveImage
          key={picture.sha256 + String(props.graphic)}
          load={load}
          alt={`${picture.role} of ${item.id}`}
          zoom={zoom}
          graphic={props.graphic}
          itemId={item.id}
          sha256={picture.sha256}
        />
      </div>
    </section>
  );
}

/** SHA-256 of a Blob, in hex (Web Crypto; the app's origin is a secure context). */
async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Above this, re-hashing in the browser would hold too much in memory; the CLI verifies instead. */
const BROWSER_VERIFY_LIMIT = 512 * 1024 * 1024;

function Hashes(props: { item: ItemWithArtifacts }): ReactElement {
  const { item } = props;
  return (
    <section className="panel" aria-labelledby="hashes">
      <h2 id="hashes">Hashes</h2>
      <dl className="facts hashes">
        <dt>SHA-256</dt>
        <dd className="hash" data-testid="item-sha256">
          {item.sha256}
        </dd>
        <dt>MD5</dt>
        <dd className="hash">{item.md5}</dd>
        <dt>Size</dt>
        <dd>
          {item.size} bytes ({bytes(item.size)})
        </dd>
      </dl>
      <p className="fine-print">
        The server re-hashes every artifact it serves; “Verify now” below re-hashes the bytes again
        in your browser.
      </p>
    </section>
  );
}

function Artifacts(props: { item: ItemWithArtifacts }): ReactElement {
  const { item } = props;
  const [results, setResults] = useState<Record<string, string>>({});
  const verify = (artifact: Artifact) => {
    const key = artifact.role + artifact.sha256;
    setResults((r) => ({ ...r, [key]: 'verifying…' }));
    fetchArtifact(item.id, artifact.sha256, 'verify the stored hash')
      .then(sha256Hex)
      .then(
        (actual) =>
          setResults((r) => ({
            ...r,
            [key]: actual === artifact.sha256 ? 'verified: SHA-256 matches' : `MISMATCH: ${actual}`,
          })),
        (error: unknown) =>
          setResults((r) => ({
            ...r,
            [key]: `failed: ${error instanceof Error ? error.message : String(error)}`,
          })),
      );
  };
  const download = (artifact: Artifact) => {
    void fetchArtifact(item.id, artifact.sha256, 'download a copy').then((blob) =>
      saveBlob(blob, artifact.name),
    );
  };
  return (
    <section className="panel" aria-labelledby="artifacts">
      <h2 id="artifacts">Artifacts</h2>
      <div className="table-scroll">
        <table className="artifacts">
          <caption>Every stored file of {item.id}, with its hashes</caption>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Name</th>
              <th scope="col">Type / size</th>
              <th scope="col">SHA-256 / MD5</th>
              <th scope="col">Check</th>
            </tr>
          </thead>
          <tbody>
            {item.artifacts.map((artifact) => {
              const key = artifact.role + artifact.sha256;
              return (
                <tr key={key}>
                  <td>{artifact.role}</td>
                  <td>
                    <UserText value={artifact.name} />
                    {artifact.derivedFrom ? (
                      <span className="fine-print">
                        {' '}
                        derived from {artifact.derivedFrom.slice(0, 12)}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {artifact.mediaType}
                    <br />
                    {bytes(artifact.size)}
                  </td>
                  <td className="hash">
                    {artifact.sha256}
                    <br />
                    {artifact.md5}
                  </td>
                  <td>
                    {item.erasedAt ? (
                      'erased'
                    ) : (
                      <>
                        <button
                          type="button"
                          disabled={artifact.size > BROWSER_VERIFY_LIMIT}
                          onClick={() => verify(artifact)}
                        >
                          Verify now
                        </button>{' '}
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => download(artifact)}
                        >
                          Download
                        </button>
                        {results[key] ? (
                          <p
                            role="status"
                            className={results[key].startsWith('verified') ? 'ok' : 'error'}
                          >
                            {results[key]}
                          </p>
                        ) : null}
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Custody(props: { item: ItemWithArtifacts }): ReactElement {
  const { item } = props;
  const events = useAsync(
    async () =>
      unwrap(
        await client.api.GET('/api/cases/{id}/ledger', { params: { path: { id: item.caseId } } }),
      ).events.filter((event) => event.itemId === item.id),
    [item.caseId, item.id],
  );
  return (
    <section className="panel" aria-labelledby="custody">
      <h2 id="custody">Custody timeline</h2>
      <ErrorBanner error={events.error} />
      {events.value ? (
        <LedgerTable events={events.value} caption={`Every ledger event about ${item.id}`} />
      ) : null}
    </section>
  );
}
