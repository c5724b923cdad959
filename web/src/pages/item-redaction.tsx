/**
 * @module Redacted working copies of an item (R5, R13): the investigator masks bystanders' names,
 * handles and faces — rectangles drawn on the screenshot (or typed), spans selected in the
 * captured text — and the server writes new `derived` artifacts with an `alteration` event. The
 * evidentiary original is never touched; every copy says what it derives from.
 */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, MouseEvent as ReactMouseEvent, ReactElement } from 'react';
import { client, fetchArtifact, saveBlob, unwrap } from '../api.js';
import type { ItemWithArtifacts } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';
import { UserText } from '../components/user-text.js';
import { useAction } from '../use-action.js';
import { useAsync } from '../use-async.js';

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
interface Span {
  readonly start: number;
  readonly end: number;
}

const PURPOSE = 'prepare a redacted working copy';

export function RedactionPanel(props: {
  item: ItemWithArtifacts;
  canRedact: boolean;
  /** Marked graphic (R18): the editor does not show the picture; rectangles are typed. */
  graphic: boolean;
}): ReactElement {
  const { item } = props;
  const copies = useAsync(
    async () =>
      unwrap(
        await client.api.GET('/api/items/{id}/redactions', { params: { path: { id: item.id } } }),
      ).redactions,
    [item.id],
  );
  const [open, setOpen] = useState(false);
  const download = (sha256: string, name: string) =>
    void fetchArtifact(item.id, sha256, 'download a redacted working copy').then((blob) =>
      saveBlob(blob, name),
    );
  return (
    <section className="panel redaction" aria-labelledby="redaction-title">
      <h2 id="redaction-title">Redacted working copies</h2>
      <ErrorBanner error={copies.error} />
      {copies.value && copies.value.length > 0 ? (
        <ul className="working-copies" data-testid="working-copies">
          {copies.value.map((copy) => (
            <li key={copy.id}>
              <strong>Working copy — not the evidentiary original.</strong> Derived from the{' '}
              {copy.sourceRole} (evidentiary original, unchanged, SHA-256{' '}
              <span className="hash" data-testid="source-sha256">
                {copy.sourceSha256}
              </span>
              ); working copy SHA-256{' '}
              <span className="hash" data-testid="derived-sha256">
                {copy.derivedSha256}
              </span>
              ; {copy.rects.length} rectangle(s), {copy.spans.length} span(s), by{' '}
              <UserText value={copy.actor} />, {utc(copy.createdAt)}:{' '}
              <UserText value={copy.reason} />{' '}
              <button
                type="button"
                onClick={() =>
                  download(
                    copy.derivedSha256,
                    `${item.id}-redacted-${copy.id}-${copy.sourceRole}.${copy.spans.length > 0 ? 'txt' : 'png'}`,
                  )
                }
              >
                Download working copy
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="fine-print">No working copy yet.</p>
      )}
      {props.canRedact ? (
        open ? (
          <RedactionForm
            item={item}
            graphic={props.graphic}
            onDone={() => {
              setOpen(false);
              copies.reload();
            }}
          />
        ) : (
          <button type="button" onClick={() => setOpen(true)}>
            Redact a working copy
          </button>
        )
      ) : null}
    </section>
  );
}

function RedactionForm(props: {
  item: ItemWithArtifacts;
  graphic: boolean;
  onDone: () => void;
}): ReactElement {
  const { item } = props;
  const picture =
    item.artifacts.find((a) => a.role === 'screenshot-full') ??
    item.artifacts.find((a) => a.role === 'original' && a.mediaType.startsWith('image/'));
  const textArtifact =
    item.artifacts.find((a) => a.role === 'text') ??
    item.artifacts.find((a) => a.role === 'original' && a.mediaType.startsWith('text/'));
  const [rects, setRects] = useState<Rect[]>([]);
  const [spans, setSpans] = useState<Span[]>([]);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(() =>
      client.api
        .POST('/api/items/{id}/redactions', {
          params: { path: { id: item.id } },
          body: { reason, ...(rects.length ? { rects } : {}), ...(spans.length ? { spans } : {}) },
        })
        .then((result) => {
          unwrap(result);
          props.onDone();
        }),
    );
  };
  return (
    <form className="redaction-form" onSubmit={submit} aria-label="Redact a working copy">
      {picture ? (
        <RectangleEditor
          item={item}
          sha256={picture.sha256}
          graphic={props.graphic}
          rects={rects}
          onChange={setRects}
        />
      ) : null}
      {textArtifact ? (
        <SpanEditor item={item} sha256={textArtifact.sha256} spans={spans} onChange={setSpans} />
      ) : null}
      <label>
        Reason (who is masked and why)
        <input
          name="redactionReason"
          dir="auto"
          required
          minLength={3}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy || (rects.length === 0 && spans.length === 0)}>
        Make the working copy
      </button>
      <ErrorBanner error={error} />
    </form>
  );
}

/** The screenshot with rectangles drawn by mouse drag, or typed (keyboard), in image pixels. */
function RectangleEditor(props: {
  item: ItemWithArtifacts;
  sha256: string;
  graphic: boolean;
  rects: Rect[];
  onChange: (rects: Rect[]) => void;
}): ReactElement {
  const { rects, onChange } = props;
  // Graphic media are not put on screen here (R18): the picture above reveals them on request.
  const image = useAsync(
    async () => (props.graphic ? null : fetchArtifact(props.item.id, props.sha256, PURPOSE)),
    [props.item.id, props.sha256, props.graphic],
  );
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!image.value) return undefined;
    const objectUrl = URL.createObjectURL(image.value);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [image.value]);
  const img = useRef<HTMLImageElement>(null);
  const [start, setStart] = useState<{ x: number; y: number } | null>(null);
  // Screen pixels → image pixels: the picture is shown scaled to the panel's width.
  const toImage = (event: ReactMouseEvent): { x: number; y: number } | null => {
    const element = img.current;
    if (!element || element.clientWidth === 0) return null;
    const box = element.getBoundingClientRect();
    const scale = element.naturalWidth / element.clientWidth;
    return {
      x: Math.max(0, Math.round((event.clientX - box.left) * scale)),
      y: Math.max(0, Math.round((event.clientY - box.top) * scale)),
    };
  };
  const finish = (event: ReactMouseEvent) => {
    const end = toImage(event);
    if (start && end) {
      const rect = {
        x: Math.min(start.x, end.x),
        y: Math.min(start.y, end.y),
        width: Math.abs(end.x - start.x),
        height: Math.abs(end.y - start.y),
      };
      if (rect.width > 0 && rect.height > 0) onChange([...rects, rect]);
    }
    setStart(null);
  };
  const [typed, setTyped] = useState({ x: '', y: '', width: '', height: '' });
  const [typedError, setTypedError] = useState<Error | null>(null);
  const addTyped = () => {
    const rect = {
      x: Number(typed.x),
      y: Number(typed.y),
      width: Number(typed.width),
      height: Number(typed.height),
    };
    const valid =
      Object.values(typed).every((field) => /^[0-9]+$/.test(field.trim())) &&
      rect.width > 0 &&
      rect.height > 0;
    setTypedError(
      valid
        ? null
        : new Error('Type x, y, width and height in whole image pixels; width and height above 0.'),
    );
    if (valid) {
      onChange([...rects, rect]);
      setTyped({ x: '', y: '', width: '', height: '' });
    }
  };
  const scale = img.current ? img.current.clientWidth / (img.current.naturalWidth || 1) : 1;
  return (
    <fieldset>
      <legend>Rectangles on the screenshot (drag on the picture, or type them)</legend>
      <ErrorBanner error={image.error} />
      {props.graphic ? (
        <p className="fine-print">
          Marked graphic: the picture is not shown here. Reveal it above to read its coordinates,
          then type each rectangle in image pixels.
        </p>
      ) : null}
      {url ? (
        <div className="redaction-canvas" data-testid="redaction-canvas">
          <img
            ref={img}
            src={url}
            alt="screenshot to redact"
            draggable={false}
            onMouseDown={(event) => setStart(toImage(event))}
            onMouseUp={finish}
            // A drag released outside the picture is abandoned, not finished on the next click.
            onMouseLeave={() => setStart(null)}
          />
          {rects.map((r, index) => (
            <span
              key={index}
              className="redaction-box"
              style={{
                left: r.x * scale,
                top: r.y * scale,
                width: r.width * scale,
                height: r.height * scale,
              }}
            />
          ))}
        </div>
      ) : null}
      <div className="rect-inputs">
        {(['x', 'y', 'width', 'height'] as const).map((field) => (
          <label key={field}>
            {field}
            <input
              inputMode="numeric"
              name={`rect-${field}`}
              value={typed[field]}
              onChange={(event) => setTyped({ ...typed, [field]: event.target.value })}
            />
          </label>
        ))}
        <button type="button" onClick={addTyped}>
          Add rectangle
        </button>
      </div>
      <ErrorBanner error={typedError} />
      <ol data-testid="rect-list">
        {rects.map((r, index) => (
          <li key={index}>
            {r.x},{r.y} {r.width}×{r.height}{' '}
            <button type="button" onClick={() => onChange(rects.filter((_, i) => i !== index))}>
              Remove
            </button>
          </li>
        ))}
      </ol>
    </fieldset>
  );
}

/** The captured text; the selection becomes a span (UTF-16 offsets, as the server masks them). */
function SpanEditor(props: {
  item: ItemWithArtifacts;
  sha256: string;
  spans: Span[];
  onChange: (spans: Span[]) => void;
}): ReactElement {
  const { spans, onChange } = props;
  const text = useAsync(
    async () => (await fetchArtifact(props.item.id, props.sha256, PURPOSE)).text(),
    [props.item.id, props.sha256],
  );
  const pre = useRef<HTMLPreElement>(null);
  const maskSelection = () => {
    const selection = window.getSelection();
    const container = pre.current;
    if (!selection || selection.rangeCount === 0 || !container) return;
    const range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer))
      return;
    // Offsets from the start of the text: measure the text before each end of the selection.
    const before = document.createRange();
    before.selectNodeContents(container);
    before.setEnd(range.startContainer, range.startOffset);
    const start = before.toString().length;
    const end = start + range.toString().length;
    if (end > start) onChange([...spans, { start, end }]);
    selection.removeAllRanges();
  };
  // The keyboard way: offsets typed (UTF-16 code units from the start, end exclusive).
  const [typed, setTyped] = useState({ from: '', to: '' });
  const [typedError, setTypedError] = useState<Error | null>(null);
  const addTyped = () => {
    const start = Number(typed.from);
    const end = Number(typed.to);
    const length = text.value?.length ?? 0;
    const valid =
      /^[0-9]+$/.test(typed.from.trim()) &&
      /^[0-9]+$/.test(typed.to.trim()) &&
      end > start &&
      end <= length;
    setTypedError(
      valid
        ? null
        : new Error(`Type the span in whole characters: from below to, to at most ${length}.`),
    );
    if (valid) {
      onChange([...spans, { start, end }]);
      setTyped({ from: '', to: '' });
    }
  };
  return (
    <fieldset>
      <legend>Spans of the captured text (select, then mask the selection)</legend>
      <ErrorBanner error={text.error} />
      {text.value !== undefined ? (
        <pre ref={pre} className="redaction-text" dir="auto" data-testid="redaction-text">
          {text.value}
        </pre>
      ) : null}
      <button type="button" onClick={maskSelection}>
        Mask the selection
      </button>
      <div className="rect-inputs">
        {(['from', 'to'] as const).map((field) => (
          <label key={field}>
            {`${field} character`}
            <input
              inputMode="numeric"
              name={`span-${field}`}
              value={typed[field]}
              onChange={(event) => setTyped({ ...typed, [field]: event.target.value })}
            />
          </label>
        ))}
        <button type="button" onClick={addTyped}>
          Add span
        </button>
      </div>
      <ErrorBanner error={typedError} />
      <ol data-testid="span-list">
        {spans.map((s, index) => (
          <li key={index}>
            characters {s.start}–{s.end}:{' '}
            <UserText value={(text.value ?? '').slice(s.start, s.end)} />{' '}
            <button type="button" onClick={() => onChange(spans.filter((_, i) => i !== index))}>
              Remove
            </button>
          </li>
        ))}
      </ol>
    </fieldset>
  );
}
