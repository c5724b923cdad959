/**
 * @module Media from evidence, blurred and greyed until the person chooses to see it (R18; Berkeley
 * Protocol, ethics: do no harm). Each reveal and the time revealed media is on screen count
 * towards the session's exposure (see exposure.ts).
 */
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { describeError } from '../api.js';
import { exposure } from '../exposure.js';

export interface SensitiveImageProps {
  /** Fetches the image bytes (through the typed client). */
  readonly load: () => Promise<Blob>;
  /** Alternative text: what the image is, never captured text. */
  readonly alt: string;
  /** Zoom factor for the revealed image (1 = fit). */
  readonly zoom?: number;
  readonly className?: string;
}

export function SensitiveImage(props: SensitiveImageProps): ReactElement {
  const { load, alt, zoom = 1 } = props;
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [revealed, setRevealed] = useState(false);

  useEffect(() => {
    let objectUrl: string | null = null;
    let live = true;
    load().then(
      (blob) => {
        if (!live) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      },
      (failure: unknown) => {
        if (live) setError(failure);
      },
    );
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [load]);

  // Time on screen counts only while the revealed image is mounted.
  useEffect(() => (revealed ? exposure.onScreen() : undefined), [revealed]);

  if (error) return <p className="media-error">{`Image unavailable: ${describeError(error)}`}</p>;
  return (
    <figure
      className={`sensitive ${revealed ? 'revealed' : 'blurred'} ${props.className ?? ''}`}
      data-state={revealed ? 'revealed' : 'blurred'}
    >
      <div className="sensitive-frame">
        {url ? (
          <img
            src={url}
            alt={alt}
            draggable={false}
            style={
              zoom !== 1 && revealed ? { width: `${zoom * 100}%`, maxWidth: 'none' } : undefined
            }
          />
        ) : (
          <span className="media-loading">Loading…</span>
        )}
      </div>
      {revealed ? (
        <button type="button" className="link-button" onClick={() => setRevealed(false)}>
          Blur again
        </button>
      ) : (
        <button
          type="button"
          className="reveal"
          onClick={() => {
            exposure.reveal();
            setRevealed(true);
          }}
        >
          May be graphic — reveal
        </button>
      )}
    </figure>
  );
}
