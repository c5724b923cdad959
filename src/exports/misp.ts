/**
 * @module MISP event export and import (MISP core format, draft-dulaunoy-misp-core-format; R22,
 * R28). Pure: the event is a function of the dossier. Objects follow the MISP object templates
 * (`microblog`, `forensic-evidence`, `btc-wallet`, `coin-address`); reviewed categories, the
 * Admiralty grading and the provenance label travel as tags. An imported event's meta, objects
 * and attributes are kept as they came, so re-exporting it gives the same event.
 */
import { invalidInput } from '../core/errors.js';
import type { Dossier, DossierItem } from './dossier.js';
import { itemTags } from './dossier.js';
import type { CaseEntity, EntityKind, MispImport } from './export-types.js';
import { VIGIL_NAMESPACE, unixSeconds, uuidV5 } from './ids.js';

/** The templates Vigil fills, as published in MISP/misp-objects (uuid and version checked by test). */
export const MISP_TEMPLATES = {
  microblog: {
    uuid: '8ec8c911-ddbe-4f5b-895b-fbff70c42a60',
    version: '20',
    metaCategory: 'misc',
    description: 'Microblog post like a Twitter tweet or a post on a Facebook wall.',
  },
  'forensic-evidence': {
    uuid: 'fe44c648-63ef-43fc-b3de-af71a2e023e4',
    version: '2',
    metaCategory: 'misc',
    description: 'An object template to describe a digital forensic evidence.',
  },
  'btc-wallet': {
    uuid: '22910C83-DD0E-4ED2-9823-45F8CAD562A4',
    version: '3',
    metaCategory: 'financial',
    description:
      'An object to describe a Bitcoin wallet. Best to be used with btc-transaction object.',
  },
  'coin-address': {
    uuid: 'd0e6997e-78da-4815-a6a1-cfc1c1cb8a46',
    version: '7',
    metaCategory: 'financial',
    description: 'An address used in a cryptocurrency',
  },
} as const;
export type MispTemplateName = keyof typeof MISP_TEMPLATES;

/** A category valid for each attribute type Vigil writes (MISP core format §2.3 type table). */
const CATEGORY_OF: Record<string, string> = {
  text: 'Other',
  datetime: 'Other',
  url: 'External analysis',
  link: 'External analysis',
  sha256: 'External analysis',
  md5: 'External analysis',
  btc: 'Financial fraud',
  xmr: 'Financial fraud',
};

export interface MispOptions {
  /** The organisation named as creator (Orgc) and holder (Org). */
  readonly organisation: string;
  /** MISP distribution: 0 your organisation only (default) … 3 all communities. */
  readonly distribution?: '0' | '1' | '2' | '3';
}

type Json = Record<string, unknown>;

interface AttributeSpec {
  readonly relation?: string;
  readonly type: string;
  readonly value: string;
  readonly comment?: string;
  readonly tags?: readonly string[];
  readonly toIds?: boolean;
}

function attribute(uuid: string, timestamp: string, spec: AttributeSpec): Json {
  const category = CATEGORY_OF[spec.type];
  if (!category) throw new Error(`no MISP category for attribute type ${spec.type}`);
  return {
    uuid,
    ...(spec.relation ? { object_relation: spec.relation } : {}),
    type: spec.type,
    category,
    value: spec.value,
    to_ids: spec.toIds ?? false,
    distribution: '5',
    sharing_group_id: '0',
    timestamp,
    comment: spec.comment ?? '',
    deleted: false,
    disable_correlation: false,
    Tag: (spec.tags ?? []).map((name) => ({ name })),
  };
}

function object(
  keyId: string,
  name: MispTemplateName,
  key: string,
  timestamp: string,
  comment: string,
  specs: readonly AttributeSpec[],
): Json {
  const t = MISP_TEMPLATES[name];
  const uuid = uuidV5(VIGIL_NAMESPACE, `${keyId}:misp-object:${name}:${key}`);
  return {
    uuid,
    name,
    'meta-category': t.metaCategory,
    description: t.description,
    template_uuid: t.uuid,
    template_version: t.version,
    timestamp,
    distribution: '5',
    sharing_group_id: '0',
    comment,
    deleted: false,
    Attribute: specs.map((spec, index) =>
      attribute(
        uuidV5(VIGIL_NAMESPACE, `${uuid}:${spec.relation ?? ''}:${index}`),
        timestamp,
        spec,
      ),
    ),
  };
}

/** `@handle` → `handle`: the microblog template stores the user name without the prefix. */
const bareHandle = (handle: string) => handle.replace(/^@/, '');

function itemObjects(d: Dossier, entry: DossierItem, timestamp: string): Json[] {
  const { item } = entry;
  const tags = itemTags(entry);
  const objects: Json[] = [];
  if (item.kind === 'capture' && item.sourceUrl) {
    const post = entry.post ?? {};
    const specs: AttributeSpec[] = [{ relation: 'url', type: 'url', value: item.sourceUrl, tags }];
    if (post.text && !item.erasedAt)
      specs.push({ relation: 'post', type: 'text', value: post.text });
    if (post.title) specs.push({ relation: 'title', type: 'text', value: post.title });
    if (post.handle)
      specs.push({ relation: 'username', type: 'text', value: bareHandle(post.handle) });
    if (post.author) specs.push({ relation: 'display-name', type: 'text', value: post.author });
    if (post.postedAt && !Number.isNaN(Date.parse(post.postedAt)))
      specs.push({
        relation: 'creation-date',
        type: 'datetime',
        value: new Date(post.postedAt).toISOString(),
      });
    if (post.language) specs.push({ relation: 'language', type: 'text', value: post.language });
    specs.push({ relation: 'type', type: 'text', value: 'Other' });
    objects.push(object(d.keyId, 'microblog', item.id, timestamp, `Vigil item ${item.id}`, specs));
  }
  const tool =
    item.kind === 'capture'
      ? `Vigil (browser capture, ${(item.metadata.provenance as { browser?: { version?: string } } | undefined)?.browser?.version ?? 'Chromium'})`
      : 'Vigil (file ingest)';
  objects.push(
    object(d.keyId, 'forensic-evidence', item.id, timestamp, `Vigil item ${item.id}`, [
      { relation: 'case-number', type: 'text', value: d.case.id },
      { relation: 'evidence-number', type: 'text', value: item.id },
      { relation: 'name', type: 'text', value: item.name },
      {
        relation: 'acquisition-method',
        type: 'text',
        value: item.kind === 'capture' ? 'Live acquisition' : 'Logical collection',
      },
      { relation: 'acquisition-tools', type: 'text', value: tool },
      { relation: 'type', type: 'text', value: 'Cloud' },
      {
        relation: 'additional-comments',
        type: 'text',
        value: `collected ${item.collectedAt} by ${item.collectedBy}; SHA-256 ${item.sha256}; verify with \`vigil verify\` and key ${d.keyId}`,
      },
    ]),
  );
  for (const indicator of entry.indicators) {
    if (indicator.type === 'btc_address') {
      objects.push(
        object(
          d.keyId,
          'btc-wallet',
          `${item.id}:${indicator.value}`,
          timestamp,
          indicator.reason,
          [{ relation: 'wallet-address', type: 'btc', value: indicator.value, tags, toIds: true }],
        ),
      );
    } else if (indicator.type === 'eth_address' || indicator.type === 'tron_address') {
      objects.push(
        object(
          d.keyId,
          'coin-address',
          `${item.id}:${indicator.value}`,
          timestamp,
          indicator.reason,
          [
            { relation: 'address-crypto', type: 'text', value: indicator.value, tags },
            {
              relation: 'symbol',
              type: 'text',
              value: indicator.type === 'eth_address' ? 'ETH' : 'TRX',
            },
          ],
        ),
      );
    }
  }
  return objects;
}

function itemAttributes(d: Dossier, entry: DossierItem, timestamp: string): Json[] {
  const { item } = entry;
  const tags = itemTags(entry);
  const attrs: Json[] = [];
  const add = (key: string, spec: AttributeSpec) =>
    attrs.push(
      attribute(uuidV5(VIGIL_NAMESPACE, `${d.keyId}:misp-attribute:${key}`), timestamp, spec),
    );
  add(`${item.id}:sha256`, {
    type: 'sha256',
    value: item.sha256,
    comment: `${item.id}: SHA-256 of the ${item.kind === 'capture' ? 'capture (WARC)' : 'original file'}`,
    tags,
  });
  for (const artifact of entry.artifacts) {
    if (artifact.role === 'package' || artifact.role.startsWith('screenshot')) {
      add(`${item.id}:${artifact.role}:${artifact.sha256}`, {
        type: 'sha256',
        value: artifact.sha256,
        comment: `${item.id}: SHA-256 of ${artifact.role} ${artifact.name}`,
      });
    }
  }
  if (item.sourceUrl)
    add(`${item.id}:url`, {
      type: 'url',
      value: item.sourceUrl,
      comment: `${item.id}: source`,
      tags,
    });
  for (const indicator of entry.indicators) {
    if (indicator.type === 'url')
      add(`${item.id}:indicator:${indicator.value}`, {
        type: 'url',
        value: indicator.value,
        comment: `${item.id}: confirmed by ${indicator.confirmedBy}: ${indicator.reason}`,
        tags,
        toIds: true,
      });
  }
  return attrs;
}

/** The case number as MISP's human-readable id (`C-12` → `12`). */
const numericId = (caseId: string) => caseId.replace(/\D/g, '') || '0';

/**
 * The MISP event of a case. An imported event's meta, objects and attributes come first and
 * unchanged (R28); the case's own items follow. Ids are name-based, so exporting twice gives the
 * same uuids; only `timestamp` fields change.
 */
export function buildMispEvent(d: Dossier, options: MispOptions): { Event: Json } {
  const timestamp = unixSeconds(d.generatedAt);
  const base: MispImport | undefined = d.imports[0];
  const objects: Json[] = [];
  const attributes: Json[] = [];
  const seen = new Set<string>();
  const push = (list: Json[], value: Json) => {
    const uuid = String(value.uuid);
    if (seen.has(uuid)) return;
    seen.add(uuid);
    list.push(value);
  };
  for (const entity of d.entities)
    push(entity.mispSection === 'Object' ? objects : attributes, { ...entity.data });
  for (const entry of d.items) {
    for (const o of itemObjects(d, entry, timestamp)) push(objects, o);
    for (const a of itemAttributes(d, entry, timestamp)) push(attributes, a);
  }
  const count =
    attributes.length +
    objects.reduce((n, o) => n + (Array.isArray(o.Attribute) ? o.Attribute.length : 0), 0);
  const org = {
    id: '1',
    name: options.organisation,
    uuid: uuidV5(VIGIL_NAMESPACE, `${d.keyId}:org`),
  };
  const meta: Json = base
    ? { ...base.event }
    : {
        uuid: uuidV5(VIGIL_NAMESPACE, `${d.keyId}:misp-event:${d.case.id}`),
        id: numericId(d.case.id),
        info: `${d.case.title} (${d.case.id})`.replace(/\s+/g, ' ').slice(0, 256),
        date: d.case.createdAt.slice(0, 10),
        threat_level_id: '4',
        analysis: '1',
        published: false,
        publish_timestamp: '0',
        org_id: '1',
        orgc_id: '1',
        distribution: options.distribution ?? '0',
        sharing_group_id: '0',
        Org: org,
        Orgc: org,
        Tag: [],
      };
  // MISP core format: timestamp MUST reflect the last change; attribute_count SHALL be present.
  meta.timestamp = timestamp;
  meta.attribute_count = String(count);
  return { Event: { ...meta, Attribute: attributes, Object: objects } };
}

const MUST_EVENT = [
  'uuid',
  'published',
  'info',
  'date',
  'timestamp',
  'publish_timestamp',
  'org_id',
  'orgc_id',
  'distribution',
] as const;

/** Checks the MISP core format MUST fields of an event, attribute and object; returns problems. */
export function mispProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const event = (doc as { Event?: Json } | null)?.Event;
  if (!event || typeof event !== 'object') return ['no Event object'];
  for (const key of MUST_EVENT) if (!(key in event)) problems.push(`Event.${key} is missing`);
  if (typeof event.published !== 'boolean') problems.push('Event.published must be a boolean');
  const checkAttribute = (a: Json, where: string) => {
    for (const key of ['uuid', 'type', 'category', 'value'])
      if (typeof a[key] !== 'string') problems.push(`${where}.${key} must be a string`);
  };
  const attrs = Array.isArray(event.Attribute) ? (event.Attribute as Json[]) : [];
  attrs.forEach((a, i) => checkAttribute(a, `Attribute[${i}]`));
  const objs = Array.isArray(event.Object) ? (event.Object as Json[]) : [];
  objs.forEach((o, i) => {
    for (const key of ['uuid', 'name', 'template_uuid'])
      if (typeof o[key] !== 'string') problems.push(`Object[${i}].${key} must be a string`);
    const inner = Array.isArray(o.Attribute) ? (o.Attribute as Json[]) : [];
    inner.forEach((a, j) => {
      checkAttribute(a, `Object[${i}].Attribute[${j}]`);
      if (typeof a.object_relation !== 'string')
        problems.push(`Object[${i}].Attribute[${j}].object_relation must be a string`);
    });
  });
  return problems;
}

const KIND_OF_OBJECT: Record<string, EntityKind> = {
  microblog: 'post',
  'forensic-evidence': 'evidence',
  'btc-wallet': 'wallet',
  'coin-address': 'wallet',
  url: 'url',
  file: 'file-hash',
  'telegram-account': 'account',
  person: 'account',
};
const KIND_OF_ATTRIBUTE: Record<string, EntityKind> = {
  url: 'url',
  link: 'url',
  sha256: 'file-hash',
  md5: 'file-hash',
  sha1: 'file-hash',
  btc: 'wallet',
  xmr: 'wallet',
};
const MAIN_RELATION = [
  'url',
  'post',
  'evidence-number',
  'wallet-address',
  'address',
  'address-crypto',
  'sha256',
];

/** What an imported event becomes: its meta and one entity per object and per attribute. */
export interface ParsedMispEvent {
  readonly eventUuid: string;
  readonly meta: Json;
  readonly entities: Omit<CaseEntity, 'id' | 'importId' | 'caseId'>[];
}

/**
 * Parses a MISP event (R28): checks the MUST fields, and turns each object and attribute into an
 * entity that keeps the original JSON (so a re-export is the same event).
 */
export function parseMispEvent(text: string): ParsedMispEvent {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw invalidInput(`the file is not JSON: ${(error as Error).message}`, {
      hint: 'give a MISP event as exported by MISP or by `vigil export misp`',
    });
  }
  // MISP's API sometimes wraps events in a list or a `response` array.
  const root = Array.isArray(doc) ? (doc[0] as unknown) : doc;
  const problems = mispProblems(root);
  if (problems.length > 0)
    throw invalidInput(`not a MISP core-format event: ${problems.slice(0, 5).join('; ')}`, {
      hint: 'the event needs uuid, info, date, timestamp, published, publish_timestamp, org_id, orgc_id, distribution',
      details: { problems },
    });
  const event = (root as { Event: Json }).Event;
  const {
    Attribute: attrs = [],
    Object: objs = [],
    ...meta
  } = event as Json & {
    Attribute?: Json[];
    Object?: Json[];
  };
  const entities: ParsedMispEvent['entities'] = [];
  let position = 0;
  for (const o of objs) {
    const inner = (Array.isArray(o.Attribute) ? o.Attribute : []) as Json[];
    const main =
      MAIN_RELATION.map((r) => inner.find((a) => a.object_relation === r)).find(Boolean) ??
      inner[0];
    entities.push({
      kind: KIND_OF_OBJECT[String(o.name)] ?? 'other',
      value: String(main?.value ?? o.name),
      mispSection: 'Object',
      mispUuid: String(o.uuid),
      data: o,
      position: position++,
    });
  }
  for (const a of attrs) {
    entities.push({
      kind: KIND_OF_ATTRIBUTE[String(a.type)] ?? 'other',
      value: String(a.value),
      mispSection: 'Attribute',
      mispUuid: String(a.uuid),
      data: a,
      position: position++,
    });
  }
  return { eventUuid: String(meta.uuid), meta, entities };
}
