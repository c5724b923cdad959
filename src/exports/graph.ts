/**
 * @module The case as a graph of accounts, posts, files and indicators (graphology), written as
 * GEXF 1.3 (graphology-gexf) and GraphML 1.0 (written here: graphology-graphml only reads).
 * Both are re-read by graphology in the tests.
 */
import { DirectedGraph } from 'graphology';
import { write as writeGexf } from 'graphology-gexf';
import type { Dossier } from './dossier.js';
import { categoriesOf } from './dossier.js';

/** The attributes every node carries (strings, so every reader keeps them as they are). */
export const NODE_KEYS = [
  'label',
  'type',
  'url',
  'sha256',
  'collectedAt',
  'categories',
  'admiralty',
  'provenance',
] as const;
export type NodeAttributes = Partial<Record<(typeof NODE_KEYS)[number], string>>;
export interface EdgeAttributes {
  relation: string;
  [key: string]: string;
}

const accountKey = (handle: string) => `account:${handle.replace(/^@/, '').toLowerCase()}`;

/** Builds the graph of a case. */
export function buildCaseGraph(d: Dossier): DirectedGraph<NodeAttributes, EdgeAttributes> {
  const graph = new DirectedGraph<NodeAttributes, EdgeAttributes>();
  const edge = (source: string, target: string, relation: string) => {
    if (!graph.hasEdge(source, target))
      graph.addEdgeWithKey(`${source}>${target}`, source, target, { relation });
  };
  const account = (handle: string, name?: string) => {
    const key = accountKey(handle);
    if (!graph.hasNode(key))
      graph.addNode(key, { label: name ? `${name} (${handle})` : handle, type: 'account' });
    return key;
  };
  for (const entry of d.items) {
    const { item } = entry;
    const key = `item:${item.id}`;
    const attrs: NodeAttributes = {
      label: `${item.id}: ${item.name}`,
      type: item.kind === 'capture' ? 'post' : 'file',
      sha256: item.sha256,
      collectedAt: item.collectedAt,
      categories: categoriesOf(entry).join(' '),
    };
    if (item.sourceUrl) attrs.url = item.sourceUrl;
    if (entry.grade) attrs.admiralty = `${entry.grade.reliability}${entry.grade.credibility}`;
    if (entry.provenance) attrs.provenance = entry.provenance.label;
    graph.addNode(key, attrs);
    const handle = entry.post?.handle ?? entry.post?.authorId;
    if (handle) edge(account(handle, entry.post?.author), key, 'posted');
    for (const indicator of entry.indicators) {
      const node = `indicator:${indicator.type}:${indicator.value}`;
      if (!graph.hasNode(node))
        graph.addNode(node, { label: indicator.value, type: indicator.type });
      edge(key, node, 'contains');
    }
  }
  for (const entity of d.entities) {
    const node = `entity:${entity.mispUuid}`;
    graph.addNode(node, { label: entity.value, type: entity.kind });
    const inner = Array.isArray(entity.data.Attribute)
      ? (entity.data.Attribute as Record<string, unknown>[])
      : [];
    const username = inner.find((a) => a.object_relation === 'username')?.value;
    if (typeof username === 'string' && username) edge(account(username), node, 'posted');
  }
  return graph;
}

/** XML 1.0 §2.4: text and attribute values with markup characters escaped, controls dropped. */
export function xmlEscape(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** GraphML 1.0 (graphml.graphdrawing.org) with every node attribute declared as a string key. */
export function toGraphml(
  graph: DirectedGraph<NodeAttributes, EdgeAttributes>,
  title: string,
): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...NODE_KEYS.map(
      (key) => `  <key id="${key}" for="node" attr.name="${key}" attr.type="string"/>`,
    ),
    '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
    `  <graph id="${xmlEscape(title)}" edgedefault="directed">`,
  ];
  graph.forEachNode((node, attrs) => {
    lines.push(`    <node id="${xmlEscape(node)}">`);
    for (const key of NODE_KEYS) {
      const value = attrs[key];
      if (value !== undefined && value !== '')
        lines.push(`      <data key="${key}">${xmlEscape(value)}</data>`);
    }
    lines.push('    </node>');
  });
  graph.forEachEdge((edge, attrs, source, target) => {
    lines.push(
      `    <edge id="${xmlEscape(edge)}" source="${xmlEscape(source)}" target="${xmlEscape(target)}">`,
      `      <data key="relation">${xmlEscape(attrs.relation)}</data>`,
      '    </edge>',
    );
  });
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

/** GEXF 1.3 through graphology-gexf. */
export function toGexf(graph: DirectedGraph<NodeAttributes, EdgeAttributes>): string {
  return writeGexf(graph, { version: '1.3' });
}
