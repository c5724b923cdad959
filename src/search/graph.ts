/**
 * @module The entity graph of what was collected (issue 6): posts and files, the accounts that
 * posted them, and the wallets, links, invite links, phones, e-mails and handles found in them —
 * across every case a person may see, so the same wallet in two cases shows as one node.
 */
import type { MetadataStore } from '../evidence/ports.js';
import type { EntityType } from '../triage/entities/entities.js';
import type { TriageEntity } from '../triage/triage-types.js';

export const GRAPH_NODE_TYPES = [
  'post',
  'file',
  'account',
  'channel',
  'wallet',
  'link',
  'invite',
  'phone',
  'email',
  'hashtag',
] as const;
export type GraphNodeType = (typeof GRAPH_NODE_TYPES)[number];

export interface GraphNode {
  readonly id: string;
  readonly type: GraphNodeType;
  readonly label: string;
  /** Cases whose items touch this node. */
  readonly cases: readonly string[];
}

export interface GraphEdge {
  readonly source: string;
  readonly target: string;
  readonly type: 'posted' | 'contains' | 'in-channel';
}

export interface EntityGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** How each entity type of triage (src/triage/entities) appears in the graph. */
const ENTITY_NODE: Record<EntityType, GraphNodeType> = {
  btc_address: 'wallet',
  eth_address: 'wallet',
  tron_address: 'wallet',
  iban: 'wallet',
  url: 'link',
  telegram_channel: 'channel',
  telegram_invite: 'invite',
  whatsapp_group: 'invite',
  whatsapp_phone: 'phone',
  phone: 'phone',
  email: 'email',
  hashtag: 'hashtag',
  handle: 'account',
};

export async function entityGraph(
  deps: { store: MetadataStore; entities: (itemId: string) => Promise<TriageEntity[]> },
  caseIds: readonly string[],
  hidden: ReadonlySet<string> = new Set(),
): Promise<EntityGraph> {
  const nodes = new Map<string, { type: GraphNodeType; label: string; cases: Set<string> }>();
  const edges = new Map<string, GraphEdge>();
  const node = (id: string, type: GraphNodeType, label: string, caseId: string) => {
    const existing = nodes.get(id) ?? { type, label, cases: new Set<string>() };
    existing.cases.add(caseId);
    nodes.set(id, existing);
    return id;
  };
  const edge = (source: string, target: string, type: GraphEdge['type']) =>
    edges.set(`${source}|${target}|${type}`, { source, target, type });
  for (const caseId of caseIds) {
    for (const item of await deps.store.items.listByCase(caseId)) {
      if (item.erasedAt || hidden.has(item.id)) continue;
      const itemNode = node(
        `item:${item.id}`,
        item.kind === 'capture' ? 'post' : 'file',
        item.name,
        caseId,
      );
      const fields =
        (item.metadata.structured as { fields?: Record<string, string> } | null | undefined)
          ?.fields ?? {};
      const account = fields.handle ?? fields.authorId ?? fields.author;
      if (account)
        edge(
          node(
            `account:${account.replace(/^@/, '').toLowerCase()}`,
            'account',
            fields.author ?? account,
            caseId,
          ),
          itemNode,
          'posted',
        );
      if (fields.channel)
        edge(
          itemNode,
          node(`channel:${fields.channel.toLowerCase()}`, 'channel', fields.channel, caseId),
          'in-channel',
        );
      for (const entity of await deps.entities(item.id)) {
        const type = ENTITY_NODE[entity.type];
        const id =
          type === 'account'
            ? `account:${entity.normalised.replace(/^@/, '').toLowerCase()}`
            : `${entity.type}:${entity.normalised}`;
        edge(itemNode, node(id, type, entity.value, caseId), 'contains');
      }
    }
  }
  return {
    nodes: [...nodes]
      .map(([id, n]) => ({ id, type: n.type, label: n.label, cases: [...n.cases].sort() }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    edges: [...edges.values()].sort((a, b) =>
      `${a.source}${a.target}`.localeCompare(`${b.source}${b.target}`),
    ),
  };
}
