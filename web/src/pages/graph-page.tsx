/**
 * @module The entity graph (Cytoscape.js) of accounts, posts, channels, wallets and links across
 * the cases I may read, or one case. Labels are set as Cytoscape data (drawn on a canvas), never
 * as HTML.
 */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import cytoscape from 'cytoscape';
import { client, unwrap } from '../api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { UserText } from '../components/user-text.js';
import { moreLinks, navigate } from '../router.js';
import { useAsync } from '../use-async.js';

// Cytoscape adds a one-rule <style> to <head> unless an element with this id exists; the CSP
// (style-src 'self') would refuse it, so the rule lives in styles.css and this marker stops it.
const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';

function claimStylesheet(): void {
  if (document.getElementById(CYTOSCAPE_STYLESHEET_ID)) return;
  const marker = document.createElement('meta');
  marker.id = CYTOSCAPE_STYLESHEET_ID;
  document.head.appendChild(marker);
}

const COLOURS: Record<string, string> = {
  account: '#1d4ed8',
  post: '#0f766e',
  channel: '#7c3aed',
  group: '#7c3aed',
  wallet: '#b45309',
  url: '#475569',
  link: '#475569',
};

export function GraphPage(props: { caseId: string | null }): ReactElement {
  const { caseId } = props;
  const graph = useAsync(
    async () =>
      unwrap(
        await client.api.GET('/api/graph', { params: { query: caseId ? { case: caseId } : {} } }),
      ),
    [caseId],
  );
  const container = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<{
    id: string;
    type: string;
    label: string;
    cases: string[];
  } | null>(null);
  const [caseInput, setCaseInput] = useState(caseId ?? '');

  useEffect(() => {
    const element = container.current;
    const value = graph.value;
    if (!element || !value || value.nodes.length === 0) return;
    claimStylesheet();
    const ids = new Set(value.nodes.map((node) => node.id));
    const cy = cytoscape({
      container: element,
      elements: [
        ...value.nodes.map((node) => ({
          data: { ...node, colour: COLOURS[node.type] ?? '#334155' },
        })),
        ...value.edges
          .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
          .map((edge, index) => ({ data: { id: `e${index}`, ...edge } })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            'background-color': 'data(colour)',
            label: 'data(label)',
            'font-size': 10,
            'text-valign': 'bottom',
            'text-margin-y': 4,
            'text-max-width': '140px',
            'text-wrap': 'ellipsis',
          },
        },
        {
          selector: 'edge',
          style: {
            width: 1.5,
            'line-color': '#94a3b8',
            'target-arrow-color': '#94a3b8',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
          },
        },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#f59e0b' } },
      ],
      layout: { name: 'cose', animate: false },
      // A few nodes would otherwise be zoomed until their labels fill the screen.
      maxZoom: 1.5,
      minZoom: 0.1,
    });
    cy.on('select', 'node', (event) => {
      const data = (event.target as cytoscape.NodeSingular).data() as {
        id: string;
        type: string;
        label: string;
        cases: string[];
      };
      setSelected(data);
    });
    return () => cy.destroy();
  }, [graph.value]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(moreLinks.graph(/^C-[0-9]+$/.test(caseInput.trim()) ? caseInput.trim() : null));
  };
  const counts = graph.value
    ? `${graph.value.nodes.length} entities, ${graph.value.edges.length} links`
    : '';
  return (
    <section>
      <h1>Entity graph{caseId ? ` of ${caseId}` : ''}</h1>
      <form className="filters" onSubmit={submit}>
        <label>
          Case (empty for all my cases)
          <input
            name="case"
            pattern="C-[0-9]+"
            value={caseInput}
            onChange={(e) => setCaseInput(e.target.value)}
          />
        </label>
        <button type="submit">Show</button>
        <span className="fine-print">{counts}</span>
      </form>
      <ErrorBanner error={graph.error} />
      {graph.value && graph.value.nodes.length === 0 ? (
        <p className="absent">No entities yet: triage extracts them from collected items.</p>
      ) : (
        <div className="graph" ref={container} role="img" aria-label={`Entity graph: ${counts}`} />
      )}
      {selected ? (
        <p role="status" className="panel">
          <span className="badge">{selected.type}</span> <UserText value={selected.label} /> — in{' '}
          {selected.cases.join(', ')}
        </p>
      ) : null}
      {graph.value && graph.value.nodes.length > 0 ? (
        <details className="panel">
          <summary>Entities as a list</summary>
          <ul>
            {graph.value.nodes.map((node) => (
              <li key={node.id}>
                <span className="badge">{node.type}</span> <UserText value={node.label} />{' '}
                <span className="fine-print">{node.cases.join(', ')}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
