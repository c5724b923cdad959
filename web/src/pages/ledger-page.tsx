/**
 * @module The custody ledger for auditors (R7, R8): filter by case, item, person and action;
 * verify the hash chain; export a verifiable JSONL segment. Members see their case's ledger.
 */
import { useMemo, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { client, exportLedger, unwrap } from '../api.js';
import type { ChainVerification, LedgerEvent, SignedIn } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { LedgerTable } from '../components/ledger-table.js';
import { can } from '../permissions.js';
import { links, navigate } from '../router.js';
import { useAsync } from '../use-async.js';

export function LedgerPage(props: {
  caseId: string | null;
  itemId: string | null;
  user: SignedIn;
}): ReactElement {
  const { caseId, itemId, user } = props;
  const global = can(user, 'ledger.read');
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const events = useAsync(async (): Promise<LedgerEvent[]> => {
    if (global) {
      return unwrap(
        await client.api.GET('/api/ledger', {
          params: {
            query: {
              ...(caseId ? { case: caseId } : {}),
              ...(itemId ? { item: itemId } : {}),
            },
          },
        }),
      ).events;
    }
    if (!caseId) return [];
    const all = unwrap(
      await client.api.GET('/api/cases/{id}/ledger', { params: { path: { id: caseId } } }),
    ).events;
    return itemId ? all.filter((event) => event.itemId === itemId) : all;
  }, [caseId, itemId, global]);
  const shown = useMemo(
    () =>
      (events.value ?? []).filter(
        (event) =>
          (actor === '' || event.actor === actor) && (action === '' || event.action === action),
      ),
    [events.value, actor, action],
  );
  const actors = useMemo(
    () => [...new Set((events.value ?? []).map((event) => event.actor))].sort(),
    [events.value],
  );
  const actions = useMemo(
    () => [...new Set((events.value ?? []).map((event) => event.action))].sort(),
    [events.value],
  );
  const [caseInput, setCaseInput] = useState(caseId ?? '');
  const [item, setItem] = useState(itemId ?? '');
  // Filters live in the address, so a filtered view can be bookmarked and shared.
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const wantedCase = global ? caseInput.trim() : (caseId ?? '');
    const wantedItem = item.trim();
    navigate(
      links.ledger(
        /^C-[0-9]+$/.test(wantedCase) ? wantedCase : null,
        /^I-[0-9]+$/.test(wantedItem) ? wantedItem : null,
      ),
    );
  };

  return (
    <section className="ledger-page">
      <h1>
        Custody ledger{caseId ? ` of ${caseId}` : ''}
        {itemId ? `, item ${itemId}` : ''}
      </h1>
      {can(user, 'ledger.verify') ? <Verify /> : null}
      <form className="filters" onSubmit={apply} role="search" aria-label="Ledger filters">
        {global ? (
          <label>
            Case
            <input
              name="case"
              value={caseInput}
              pattern="C-[0-9]+"
              placeholder="C-1"
              onChange={(e) => setCaseInput(e.target.value)}
            />
          </label>
        ) : null}
        <label>
          Item
          <input
            name="item"
            value={item}
            pattern="I-[0-9]+"
            placeholder="I-1"
            onChange={(e) => setItem(e.target.value)}
          />
        </label>
        <button type="submit">Apply</button>
        <label>
          Person
          <select name="actor" value={actor} onChange={(e) => setActor(e.target.value)}>
            <option value="">anyone</option>
            {actors.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <select name="action" value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">any</option>
            {actions.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {global ? <Export caseId={caseId} /> : null}
      </form>
      <ErrorBanner error={events.error} />
      {!global && !caseId ? (
        <p className="absent">Open a case to see its ledger.</p>
      ) : (
        <LedgerTable
          events={shown}
          caption={`${shown.length} of ${events.value?.length ?? 0} events`}
          showCase={global && !caseId}
        />
      )}
    </section>
  );
}

function Verify(): ReactElement {
  const [result, setResult] = useState<ChainVerification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const verify = () => {
    setBusy(true);
    setError(null);
    void client.api
      .GET('/api/ledger/verify')
      .then((answer) => setResult(unwrap(answer)))
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <section className="panel verify" aria-labelledby="verify-title">
      <h2 id="verify-title">Chain verification</h2>
      <button type="button" onClick={verify} disabled={busy}>
        {busy ? 'Verifying…' : 'Verify the ledger'}
      </button>
      <ErrorBanner error={error} />
      {result ? (
        <div role="status" data-testid="verify-result" className={result.ok ? 'ok' : 'error'}>
          {result.ok ? (
            <p>
              <strong>Intact.</strong> {result.events} events; every hash links to the one before.
            </p>
          ) : (
            <p>
              <strong>BROKEN</strong> at event {result.firstBad ?? '?'}:{' '}
              {result.reason ?? 'unknown'}
            </p>
          )}
          {result.head ? (
            <p className="fine-print">
              Head: event {result.head.seq}, hash <span className="hash">{result.head.hash}</span>
              {result.headSigned ? ' (signed)' : ' (not signed)'}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function Export(props: { caseId: string | null }): ReactElement {
  const [error, setError] = useState<unknown>(null);
  const run = () => {
    setError(null);
    exportLedger(props.caseId ?? undefined).then((blob) => {
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = `vigil-ledger${props.caseId ? `-${props.caseId}` : ''}.jsonl`;
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }, setError);
  };
  return (
    <>
      <button type="button" onClick={run}>
        Export JSONL
      </button>
      <ErrorBanner error={error} />
    </>
  );
}
