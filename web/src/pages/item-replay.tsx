/**
 * @module Replay of the captured page with ReplayWeb.page, inside a sandboxed iframe on the
 * separate replay origin: the page's own scripts run there and can never reach the workbench.
 * Loaded only on request, since opening it is a logged consultation and runs captured code.
 */
import { useState } from 'react';
import type { ReactElement } from 'react';
import { client, unwrap } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { utc } from '../components/format.js';

export function ReplayPanel(props: { itemId: string }): ReactElement {
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const open = () => {
    setBusy(true);
    setError(null);
    void client.api
      .POST('/api/items/{id}/replay', { params: { path: { id: props.itemId } } })
      .then((result) => setLink(unwrap(result)))
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <section className="panel replay" aria-labelledby="replay">
      <h2 id="replay">Replay</h2>
      {link ? (
        <>
          <iframe
            src={link.url}
            title={`Replay of the captured page of ${props.itemId}`}
            sandbox="allow-scripts allow-same-origin"
            referrerPolicy="no-referrer"
            className="replay-frame"
          />
          <p className="fine-print">
            Replayed from the sealed package on a separate origin; the link expires{' '}
            {utc(link.expiresAt)}.
          </p>
        </>
      ) : (
        <button type="button" onClick={open} disabled={busy}>
          {busy ? 'Opening…' : 'Replay the captured page'}
        </button>
      )}
      <ErrorBanner error={error} />
    </section>
  );
}
