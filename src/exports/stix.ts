/**
 * @module STIX 2.1 bundle export (OASIS STIX 2.1 CS02): an `identity` for the installation, per
 * item an `observed-data` over `url` and `file` observables (SHA-256, MD5 and, for images, PDQ
 * under `hashes`), an `indicator` for each reviewed hash-list hit and each confirmed url or
 * wallet indicator, and `based-on` relationships from indicators to what they were seen in.
 * Labels carry the reviewed categories (R27), the Admiralty grade (R10) and provenance (R20).
 */
import type { Dossier, DossierItem } from './dossier.js';
import { categoriesOf } from './dossier.js';
import { STIX_SCO_NAMESPACE, VIGIL_NAMESPACE, uuidV5 } from './ids.js';

type Json = Record<string, unknown>;

/** PDQ of an item's image, computed by the caller (the domain stays free of image decoding here). */
export type PdqOf = (entry: DossierItem) => { hash: string; quality: number } | null;

export interface StixOptions {
  readonly organisation: string;
  readonly pdq?: PdqOf;
}

/** STIX 2.1 §3.6 pattern strings: a single quote and a backslash are escaped. */
const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** STIX timestamps are RFC 3339 in UTC with `Z`. */
const ts = (iso: string) => new Date(iso).toISOString();

function labelsOf(entry: DossierItem): string[] {
  const labels = categoriesOf(entry);
  if (entry.grade) labels.push(`admiralty:${entry.grade.reliability}${entry.grade.credibility}`);
  if (entry.provenance) labels.push(`provenance:${entry.provenance.label}`);
  return labels;
}

/**
 * The bundle of a case. Ids are name-based (observables with the STIX SCO namespace, §2.9), so a
 * second export updates rather than duplicates.
 */
export function buildStixBundle(d: Dossier, options: StixOptions): Json {
  const now = ts(d.generatedAt);
  const id = (type: string, name: string) =>
    `${type}--${uuidV5(VIGIL_NAMESPACE, `${d.keyId}:stix:${type}:${name}`)}`;
  const identity = {
    type: 'identity',
    spec_version: '2.1',
    id: id('identity', 'installation'),
    created: now,
    modified: now,
    name: options.organisation,
    identity_class: 'organization',
    description: `Vigil installation, signing key ${d.keyId}`,
  };
  const objects: Json[] = [identity];
  const sdo = (type: string, name: string, created: string, body: Json): Json => ({
    type,
    spec_version: '2.1',
    id: id(type, name),
    created_by_ref: identity.id,
    created: ts(created),
    modified: now,
    ...body,
  });
  const scos = new Map<string, Json>();
  const sco = (type: string, key: string, body: Json): string => {
    const scoId = `${type}--${uuidV5(STIX_SCO_NAMESPACE, key)}`;
    if (!scos.has(scoId)) scos.set(scoId, { type, spec_version: '2.1', id: scoId, ...body });
    return scoId;
  };
  const relate = (source: string, target: string, created: string) =>
    objects.push(
      sdo('relationship', `${source}>${target}`, created, {
        relationship_type: 'based-on',
        source_ref: source,
        target_ref: target,
      }),
    );

  for (const entry of d.items) {
    const { item } = entry;
    const labels = labelsOf(entry);
    const pdq = item.erasedAt ? null : (options.pdq?.(entry) ?? null);
    const hashes: Record<string, string> = { 'SHA-256': item.sha256, MD5: item.md5 };
    if (pdq) hashes.PDQ = pdq.hash;
    const refs = [
      sco('file', JSON.stringify({ hashes: { 'SHA-256': item.sha256 } }), {
        name: item.name,
        size: item.size,
        hashes,
        mime_type: item.mediaType,
      }),
    ];
    if (item.sourceUrl)
      refs.push(sco('url', JSON.stringify({ value: item.sourceUrl }), { value: item.sourceUrl }));
    const seenFrom = ts(
      (item.metadata.provenance as { startedAt?: string } | undefined)?.startedAt ??
        item.collectedAt,
    );
    const observed = sdo('observed-data', item.id, item.collectedAt, {
      first_observed: seenFrom,
      last_observed: seenFrom,
      number_observed: 1,
      object_refs: refs,
      ...(labels.length > 0 ? { labels } : {}),
      external_references: [
        { source_name: 'vigil', external_id: `${d.case.id}/${item.id}`, description: item.name },
      ],
    });
    objects.push(observed);

    // Indicators only for what a person reviewed (R14): accepted hash-list hits …
    for (const label of entry.labels.filter((l) => l.source === 'hashlist')) {
      const patterns = [`[file:hashes.'SHA-256' = ${quote(item.sha256)}]`];
      if (pdq) patterns.push(`[file:hashes.PDQ = ${quote(pdq.hash)}]`);
      const indicator = sdo('indicator', `${item.id}:${label.flagId}`, label.reviewedAt, {
        name: `${item.name} (${label.list ?? label.rule})`,
        description: `Known-content match on list ${label.list ?? '?'}, reviewed by ${label.reviewedBy}${label.reviewReason ? `: ${label.reviewReason}` : ''}`,
        indicator_types: ['malicious-activity'],
        pattern: patterns.join(' OR '),
        pattern_type: 'stix',
        valid_from: ts(label.reviewedAt),
        ...(label.category ? { labels: [label.category] } : {}),
      });
      objects.push(indicator);
      relate(String(indicator.id), String(observed.id), label.reviewedAt);
    }
    // … and indicators a person confirmed.
    for (const confirmed of entry.indicators) {
      const pattern =
        confirmed.type === 'url'
          ? `[url:value = ${quote(confirmed.value)}]`
          : confirmed.type === 'email'
            ? `[email-addr:value = ${quote(confirmed.value)}]`
            : `[x-vigil-${confirmed.type.replace(/_/g, '-')}:value = ${quote(confirmed.value)}]`;
      const indicator = sdo(
        'indicator',
        `${item.id}:${confirmed.type}:${confirmed.value}`,
        confirmed.confirmedAt,
        {
          name: `${confirmed.type} ${confirmed.value}`,
          description: `Confirmed by ${confirmed.confirmedBy}: ${confirmed.reason}`,
          indicator_types: ['attribution'],
          pattern,
          pattern_type: 'stix',
          valid_from: ts(confirmed.confirmedAt),
          ...(labels.length > 0 ? { labels } : {}),
        },
      );
      objects.push(indicator);
      relate(String(indicator.id), String(observed.id), confirmed.confirmedAt);
    }
  }
  return {
    type: 'bundle',
    id: `bundle--${uuidV5(VIGIL_NAMESPACE, `${d.keyId}:stix:bundle:${d.case.id}:${now}`)}`,
    objects: [...objects, ...scos.values()],
  };
}
