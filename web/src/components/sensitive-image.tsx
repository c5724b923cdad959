/**
 * @module Media from evidence. Media marked graphic are blurred and greyed until the person
 * chooses to see them (R18; Berkeley Protocol, ethics: do no harm); each reveal is recorded by the
 * server and the time revealed media are on screen counts towards exposure (see exposure.ts).
 * Media not marked graphic show as they are.
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
  /** Marked graphic: blurred until revealed. */
  readonly graphic: boolean;
  /** The item the media belong to, and which artifact, for the server's record of a reveal. */
  readonly itemId: string;
  readonly sha256?: string;
}

export function SensitiveImage(props: SensitiveImageProps): ReactElement {
  const { load, alt, zoom = 1 } = props;
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [revealed, setRevealed] = useState(false);
  const [revealing, setRevealing] = useState(false);
  const [revealError, setRevealError] = useState<unknown>(null);
  const { graphic, itemId, sha256 } = props;

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
  useEffect(() => (graphic && revealed ? exposure.onScreen() : undefined), [graphic, revealed]);

  if (error) return <p className="media-error">{`Image unavailable: ${describeError(error)}`}</p>;
  const shown = revealed || !graphic;
  const reveal = () => {
    setRevealing(true);
    setRevealError(null);
    // The server records the reveal first: media are not shown unless the exposure is on record.
    exposure.reveal(itemId, sha256).then(
      () => {
        setRevealing(false);
        setRevealed(true);
      },
      (failure: unknown) => {
        setRevealing(false);
        setRevealError(failure);
      },
    );
  };
  return (
    <figure
      className={`sensitive ${shown ? 'revealed' : 'blurred'} ${props.className ?? ''}`}
      data-state={graphic ? (revealed ? 'revealed' : 'blurred') : 'plain'}
    >
      <div className="sensitive-frame">
        {url ? (
          <img
            src={url}
            alt={alt}
            draggable={false}
            style={zoom !== 1 && shown ? { width: `${zoom * 100}%`, maxWidth: 'none' } : undefined}
          />
        ) : (
          <span className="media-loading">Loading…</span>
        )}
      </div>
      {!graphic ? null : revealed ? (
        <button type="button" className="link-button" onClick={() => setRevealed(false)}>
          Blur again
        </button>
      ) : (
        <button type="button" className="reveal" disabled={revealing} onClick={reveal}>
          Graphic — reveal
        </button>
      )}
      {revealError ? (
        <p role="alert" className="error">{`Not revealed: ${describeError(revealError)}`}</p>
      ) : null}
    </figure>
  );
}
