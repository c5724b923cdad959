/**
 * @module The dossier: everything an export may say about a case, gathered once through the ports
 * (items, artifacts, reviewed labels only, confirmed indicators, grades, verification records,
 * assertions, redactions, custody events, MISP imports). Every format is a pure function of it.
 */
import type { CaseView } from '../cases/types.js';
import type { Clock } from '../core/clock.js';
import { invalidInput } from '../core/errors.js';
import type { LedgerEvent } from '../custody/event.js';
import type { Ledger } from '../custody/ledger.js';
import type { MetadataStore } from '../evidence/ports.js';
import type { Artifact, Item } from '../evidence/types.js';
import type { ExportableLabel } from '../triage/triage-types.js';
import type {
  Assertion,
  CaseEntity,
  ConfirmedIndicator,
  ExportsRepository,
  ItemGrade,
  MispImport,
  ProvenanceLabel,
  Redaction,
  VerificationRecord,
} from './export-types.js';

/** The only door labels come through (R14): `TriageService.exportableLabels`. */
export interface LabelSource {
  exportableLabels(itemId: string): Promise<ExportableLabel[]>;
}

/** Structured post fields a site profile extracted (`metadata.structured.fields`). */
export type PostFields = Partial<
  Record<
    | 'kind'
    | 'url'
    | 'title'
    | 'author'
    | 'authorId'
    | 'handle'
    | 'postId'
    | 'postedAt'
    | 'postedAtShown'
    | 'timezoneShown'
    | 'text'
    | 'language',
    string
  >
>;

export interface DossierItem {
  readonly item: Item;
  readonly artifacts: readonly Artifact[];
  /** Reviewed and accepted labels only (R14). */
  readonly labels: readonly ExportableLabel[];
  readonly indicators: readonly ConfirmedIndicator[];
  readonly grade: ItemGrade | null;
  /** The R20 label: set by a person, or derived from how the capture was made. */
  readonly provenance: {
    readonly label: ProvenanceLabel;
    readonly authorisationRef: string | null;
    readonly derived: boolean;
  } | null;
  readonly verification: VerificationRecord | null;
  readonly assertions: readonly Assertion[];
  readonly redactions: readonly Redaction[];
  readonly custody: readonly LedgerEvent[];
  readonly post: PostFields | null;
}

export interface Dossier {
  readonly case: CaseView;
  readonly items: readonly DossierItem[];
  readonly imports: readonly MispImport[];
  readonly entities: readonly CaseEntity[];
  readonly generatedAt: string;
  readonly generatedBy: string;
  /** The installation's public key fingerprint (`vigil verify` checks packages against it). */
  readonly keyId: string;
}

export interface DossierDeps {
  readonly store: MetadataStore;
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly labels: LabelSource;
  readonly repository: ExportsRepository;
  readonly keyId: string;
  readonly showCase: (caseId: string) => Promise<CaseView>;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** The site-profile fields of a capture, if any. */
export function postFields(item: Item): PostFields | null {
  const structured = item.metadata.structured as { fields?: Record<string, unknown> } | null;
  if (!structured?.fields) return null;
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(structured.fields)) {
    const text = str(value);
    if (text !== undefined) fields[key] = text;
  }
  return fields;
}

/**
 * R20: a person's label wins; otherwise a capture made without a persona is `public` (what any
 * visitor sees, Art. 32(a)) and one made with a persona is `login`. A file has no derivable label.
 */
export function provenanceOf(item: Item, grade: ItemGrade | null): DossierItem['provenance'] {
  if (grade?.provenanceLabel)
    return {
      label: grade.provenanceLabel,
      authorisationRef: grade.authorisationRef,
      derived: false,
    };
  if (item.kind !== 'capture') return null;
  const persona = item.metadata.persona;
  return {
    label: typeof persona === 'string' && persona ? 'login' : 'public',
    authorisationRef: null,
    derived: true,
  };
}

/** Gathers a case's dossier; `itemIds` narrows it to chosen items (in that order). */
export async function gatherDossier(
  deps: DossierDeps,
  actor: string,
  caseId: string,
  itemIds?: readonly string[],
): Promise<Dossier> {
  const kase = await deps.showCase(caseId);
  let items = await deps.store.items.listByCase(caseId);
  if (itemIds && itemIds.length > 0) {
    const byId = new Map(items.map((i) => [i.id, i]));
    const missing = itemIds.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      throw invalidInput(`item(s) ${missing.join(', ')} are not in case ${caseId}`, {
        hint: `list the case's items with \`vigil item list --case ${caseId}\``,
      });
    }
    items = itemIds.map((id) => byId.get(id)!);
  }
  const gathered: DossierItem[] = [];
  for (const item of items) {
    const grade = (await deps.repository.grade(item.id)) ?? null;
    gathered.push({
      item,
      artifacts: await deps.store.items.artifacts(item.id),
      labels: await deps.labels.exportableLabels(item.id),
      indicators: await deps.repository.indicators(item.id),
      grade,
      provenance: provenanceOf(item, grade),
      verification: (await deps.repository.verification(item.id)) ?? null,
      assertions: await deps.repository.assertions(item.id),
      redactions: await deps.repository.redactions(item.id),
      custody: await deps.ledger.events({ itemId: item.id }),
      post: postFields(item),
    });
  }
  return {
    case: kase,
    items: gathered,
    imports: await deps.repository.imports(caseId),
    entities: await deps.repository.entities(caseId),
    generatedAt: deps.clock.now().toISOString(),
    generatedBy: actor,
    keyId: deps.keyId,
  };
}

/** The reviewed UNODC categories of an item (R14, R27), sorted, without duplicates. */
export function categoriesOf(entry: DossierItem): string[] {
  const set = new Set<string>();
  for (const label of entry.labels) if (label.category) set.add(label.category);
  return [...set].sort();
}

/**
 * The machine tags an item carries in MISP (and, as `labels`, in STIX): reviewed categories,
 * the MISP `admiralty-scale` taxonomy grading (R10) and the provenance label (R20).
 */
export function itemTags(entry: DossierItem): string[] {
  const tags = categoriesOf(entry).map((c) => `vigil:category="${c}"`);
  if (entry.grade) {
    tags.push(`admiralty-scale:source-reliability="${entry.grade.reliability.toLowerCase()}"`);
    tags.push(`admiralty-scale:information-credibility="${entry.grade.credibility}"`);
  }
  if (entry.provenance) tags.push(`vigil:provenance="${entry.provenance.label}"`);
  return tags;
}
