/**
 * @module The items of a case as cards (thumbnail, title, kind, platform, when), a filter, and
 * ingest of files by drag and drop or a file chooser.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DragEvent, FormEvent, ReactElement, ReactNode } from 'react';
import {
  client,
  describeError,
  fetchThumbnail,
  packageItems,
  saveBlob,
  unwrap,
  uploadFiles,
} from '../api.js';
import type { Case, Item, SignedIn } from '../api.js';
import { CaptureBar } from './capture-bar.js';
import { ErrorBanner } from '../components/error-banner.js';
import { bytes, utc } from '../components/format.js';
import { SensitiveImage } from '../components/sensitive-image.js';
import { UserText } from '../components/user-text.js';
import { links } from '../router.js';
import { useAsync } from '../use-async.js';

/** Where the item came from, as a person would name it. */
function platformOf(item: Item): string | null {
  const structured = item.metadata.structured as { profile?: { id?: unknown } } | null | undefined;
  if (typeof structured?.profile?.id === 'string') return structured.profile.id;
  if (!item.sourceUrl) return null;
  try {
    return new URL(item.sourceUrl).hostname;
  } catch {
    return null;
  }
}

/** When the content was captured or acquired (the capture's start for a browser capture). */
function capturedAt(item: Item): string {
  const provenance = item.metadata.provenance as { startedAt?: unknown } | undefined;
  if (typeof provenance?.startedAt === 'string') return provenance.startedAt;
  return item.acquiredAt ?? item.collectedAt;
}

const hasThumbnail = (item: Item): boolean =>
  item.erasedAt === null && (item.kind === 'capture' || item.mediaType.startsWith('image/'));

const PAGE = 100;

export function CaseItems(props: {
  kase: Case;
  user: SignedIn;
  canCollect: boolean;
  /** May package items for a recipient (case.export). */
  canExport: boolean;
}): ReactElement {
  const { kase } = props;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string, on: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const first = useAsync(
    async () =>
      unwrap(
        await client.api.GET('/api/cases/{id}/items', {
          params: { path: { id: kase.id }, query: { limit: PAGE } },
        }),
      ),
    [kase.id],
  );
  // Later pages, fetched on request; a reload starts again from the first page.
  const [more, setMore] = useState<{ items: Item[]; next: string | null } | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  useEffect(() => setMore(null), [first.value]);
  const next = more ? more.next : (first.value?.next ?? null);
  const loadMore = () => {
    if (!next) return;
    setMoreError(null);
    void client.api
      .GET('/api/cases/{id}/items', {
        params: { path: { id: kase.id }, query: { after: next, limit: PAGE } },
      })
      .then((result) => {
        const page = unwrap(result);
        setMore((previous) => ({
          items: [...(previous?.items ?? []), ...page.items],
          next: page.next,
        }));
      })
      .catch(setMoreError);
  };
  const items = {
    value: first.value ? [...first.value.items, ...(more?.items ?? [])] : undefined,
    error: first.error ?? moreError,
    reload: () => first.reload(),
  };
  const [filter, setFilter] = useState('');
  const [kind, setKind] = useState<'all' | Item['kind']>('all');
  const shown = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase();
    return (items.value ?? []).filter(
      (item) =>
        (kind === 'all' || item.kind === kind) &&
        (needle === '' ||
          [item.name, item.id, item.sourceUrl ?? '', item.reason].some((text) =>
            text.toLocaleLowerCase().includes(needle),
          )),
    );
  }, [items.value, filter, kind]);

  return (
    <section aria-labelledby="items" className="items-section">
      <h2 id="items">Items</h2>
      {props.canCollect && kase.state === 'open' ? (
        <div className="collect">
          <CaptureBar caseId={kase.id} user={props.user} onCaptured={() => items.reload()} />
          <Upload caseId={kase.id} onUploaded={() => items.reload()} />
        </div>
      ) : null}
      {props.canCollect && kase.state === 'planning' ? (
        <p className="notice">Collection opens when the case leaves planning.</p>
      ) : null}
      <ErrorBanner error={items.error} />
      <div className="filters" role="search">
        <label>
          Filter
          <input
            type="search"
            dir="auto"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            placeholder="name, id, URL, reason"
          />
        </label>
        <label>
          Kind
          <select
            value={kind}
            onChange={(event) =>
              setKind(
                event.target.value === 'file' || event.target.value === 'capture'
                  ? event.target.value
                  : 'all',
              )
            }
          >
            <option value="all">all</option>
            <option value="capture">captures</option>
            <option value="file">files</option>
          </select>
        </label>
        <span className="fine-print">
          {items.value ? `${shown.length} of ${items.value.length} items` : ''}
        </span>
      </div>
      <ul className="cards">
        {shown.map((item) => (
          <li key={item.id} className="card" data-item={item.id}>
            <div className="thumb">
              {hasThumbnail(item) ? (
                <WhenVisible>
                  <Thumbnail item={item} />
                </WhenVisible>
              ) : (
                <span className="no-thumb">{item.erasedAt ? 'erased' : item.mediaType}</span>
              )}
            </div>
            {props.canExport && item.kind === 'capture' && !item.erasedAt ? (
              <label className="check select-item">
                <input
                  type="checkbox"
                  checked={selected.has(item.id)}
                  onChange={(event) => toggle(item.id, event.target.checked)}
                />
                Package {item.id}
              </label>
            ) : null}
            <h3>
              <a href={links.item(item.id)}>
                <UserText value={item.name} />
              </a>
            </h3>
            <p className="meta">
              <span className="badge">{item.kind}</span> <span className="case-id">{item.id}</span>{' '}
              {platformOf(item) ? <UserText value={platformOf(item)} className="platform" /> : null}
            </p>
            <p className="meta">
              <span>
                Captured <time dateTime={capturedAt(item)}>{utc(capturedAt(item))}</time>
              </span>
            </p>
            <p className="meta">{bytes(item.size)}</p>
          </li>
        ))}
      </ul>
      {items.value && items.value.length === 0 ? <p className="absent">No items yet.</p> : null}
      {props.canExport ? (
        <PackageForm
          caseId={kase.id}
          items={[...selected]}
          onClear={() => setSelected(new Set())}
        />
      ) : null}
      {next ? (
        <p>
          <button type="button" className="secondary" onClick={loadMore}>
            Load more items
          </button>
        </p>
      ) : null}
    </section>
  );
}

/**
 * A card's thumbnail: a small JPEG the server resizes and caches (GET /api/items/{id}/thumbnail),
 * which also says whether the media are marked graphic (R18) and so must start blurred.
 */
function Thumbnail(props: { item: Item }): ReactElement {
  const { item } = props;
  const thumb = useAsync(() => fetchThumbnail(item.id), [item.id, item.sha256]);
  const blob = thumb.value?.blob;
  const load = useCallback(
    () => (blob ? Promise.resolve(blob) : Promise.reject(new Error('no thumbnail'))),
    [blob],
  );
  if (thumb.error)
    return <p className="media-error">{`Thumbnail unavailable: ${describeError(thumb.error)}`}</p>;
  if (!thumb.value) return <span className="media-loading">Loading…</span>;
  return (
    <SensitiveImage
      load={load}
      alt={`thumbnail of ${item.id}`}
      className="thumbnail"
      graphic={thumb.value.graphic}
      itemId={item.id}
    />
  );
}

/**
 * "Package for a recipient": the selected captures as one sealed WACZ, downloaded here; the server
 * logs it as a disclosure with the recipient and the package's SHA-256 (R7).
 */
function PackageForm(props: {
  caseId: string;
  items: readonly string[];
  onClear: () => void;
}): ReactElement {
  const [recipient, setRecipient] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (props.items.length === 0) return;
    setBusy(true);
    setError(null);
    setDone(null);
    packageItems(props.caseId, {
      items: [...props.items],
      recipient,
      ...(reason.trim() ? { reason } : {}),
    }).then(
      (download) => {
        saveBlob(download.blob, download.fileName);
        setBusy(false);
        setDone(
          `Packaged ${props.items.length} item${props.items.length === 1 ? '' : 's'} as ${download.fileName}${download.sha256 ? ` (SHA-256 ${download.sha256})` : ''}; the disclosure is in the ledger.`,
        );
        props.onClear();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };
  return (
    <form className="panel package-form" onSubmit={submit} aria-labelledby="package-title">
      <h3 id="package-title">Package for a recipient</h3>
      <p className="fine-print">
        Select captures above; they are sealed into one evidence package (WACZ) the recipient can
        verify offline.
      </p>
      <div className="row">
        <label className="grow">
          Recipient
          <input
            name="packageRecipient"
            dir="auto"
            required
            value={recipient}
            onChange={(e) => setRecipient(e.target.value)}
          />
        </label>
        <label className="grow">
          Reason for disclosure
          <input
            name="packageReason"
            dir="auto"
            required
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
      </div>
      <button type="submit" disabled={busy || props.items.length === 0}>
        {busy
          ? 'Sealing…'
          : `Package ${props.items.length} selected item${props.items.length === 1 ? '' : 's'}`}
      </button>
      {done ? (
        <p role="status" className="ok" data-testid="package-done">
          {done}
        </p>
      ) : null}
      <ErrorBanner error={error} />
    </form>
  );
}

/** Renders its children once scrolled near the viewport: a thumbnail read is a logged consultation. */
function WhenVisible(props: { children: ReactNode }): ReactElement {
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || visible) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setVisible(true);
      },
      { rootMargin: '200px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [visible]);
  return <div ref={ref}>{visible ? props.children : null}</div>;
}

function Upload(props: { caseId: string; onUploaded: () => void }): ReactElement {
  const [files, setFiles] = useState<File[]>([]);
  const [reason, setReason] = useState('');
  const [sourceUrl, setSourceUrl] = useState('');
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const add = (list: FileList | null) => {
    if (!list) return;
    setFiles((previous) => [...previous, ...Array.from(list)]);
    setDone(null);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (files.length === 0) return;
    setBusy(true);
    setError(null);
    uploadFiles(props.caseId, files, { reason, ...(sourceUrl.trim() ? { sourceUrl } : {}) }).then(
      (items) => {
        setFiles([]);
        setBusy(false);
        setDone(`Stored ${items.map((item) => item.id).join(', ')}.`);
        if (input.current) input.current.value = '';
        props.onUploaded();
      },
      (failure: unknown) => {
        setError(failure);
        setBusy(false);
      },
    );
  };

  return (
    <form className="panel upload" onSubmit={submit} aria-labelledby="upload-title">
      <h3 id="upload-title">Add files</h3>
      <div
        className={`drop-zone ${dragging ? 'dragging' : ''}`}
        data-testid="drop-zone"
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
        <p>Drop files here, or</p>
        <label className="file-choice">
          Choose files
          <input ref={input} type="file" multiple onChange={(event) => add(event.target.files)} />
        </label>
      </div>
      {files.length > 0 ? (
        <ul className="staged" aria-label="Files to add">
          {files.map((file, index) => (
            <li key={`${index}:${file.name}`}>
              <UserText value={file.name} /> <span className="fine-print">{bytes(file.size)}</span>{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => setFiles(files.filter((_, other) => other !== index))}
              >
                remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <label>
        Reason for collection
        <input
          name="reason"
          dir="auto"
          required
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <label>
        Source URL (optional)
        <input
          name="sourceUrl"
          type="url"
          value={sourceUrl}
          onChange={(e) => setSourceUrl(e.target.value)}
        />
      </label>
      <button type="submit" disabled={busy || files.length === 0}>
        {busy ? 'Hashing and storing…' : `Add ${files.length} file${files.length === 1 ? '' : 's'}`}
      </button>
      {done ? <p role="status">{done}</p> : null}
      <ErrorBanner error={error} />
    </form>
  );
}
