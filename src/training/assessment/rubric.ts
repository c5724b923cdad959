/**
 * @module The rubric (R25): scores a submission — packages, answers, the range's interaction log —
 * against one variant's ground truth, criterion by criterion, with partial credit and feedback a
 * trainee can act on. Pure: every input is passed in. Answers that belong to another trainee's
 * variant score nothing and are flagged (R24).
 */
import type { RangeTruth } from '../range/truth.js';
import type { Scenario } from '../range/scenario-schema.js';
import type { ResolvedAnswer } from '../range/scenarios.js';
import { resolveAnswerKey } from '../range/scenarios.js';
import type { ViolationRecord } from '../range/violations.js';
import type {
  AssessmentResult,
  Criterion,
  CriterionResult,
  TraineeAnswers,
} from './assessment-types.js';
import { CRITERIA } from './assessment-types.js';
import type { SubmittedItem, SubmittedPackage } from './package-reader.js';

/** Share of the maximum needed to pass. */
export const PASS_MARK = 0.7;

/** R3 provenance fields every capture must carry (Berkeley ¶155(g), SWGDE §7.5). */
export const PROVENANCE_FIELDS = [
  'requestedUrl',
  'finalUrl',
  'status',
  'responseHeaders',
  'startedAt',
  'timeZone',
  'collector',
  'tool',
  'browser',
  'legalBasisRef',
] as const;
/** R3 structured fields of a captured post. */
export const POST_FIELDS = ['postId', 'authorId', 'postedAtShown', 'timezoneShown'] as const;

const BASIS_FIELD: Record<string, string> = {
  authority: 'authority',
  reference: 'reference',
  purpose: 'purpose',
  scope: 'scope',
  valid_from: 'validFrom',
  valid_until: 'validUntil',
  provenance: 'provenance',
};

export interface OtherVariant {
  /** Who or what the variant belongs to (a trainee's name, or the variant id). */
  readonly label: string;
  readonly truth: RangeTruth;
}

export interface RubricInput {
  readonly scenario: Scenario;
  readonly truth: RangeTruth;
  readonly packages: readonly SubmittedPackage[];
  readonly answers?: TraineeAnswers | undefined;
  readonly violations?: readonly ViolationRecord[] | undefined;
  /** Variants of the other trainees of the cohort (R24 cross-checks). */
  readonly otherVariants?: readonly OtherVariant[] | undefined;
}

const round = (n: number): number => Math.round(n * 100) / 100;

const normalise = (value: string, kind?: string): string => {
  const v = value.trim();
  if (kind === 'eth') return v; // EIP-55: the mixed-case checksum is part of the answer.
  if (kind === 'phone') return v.replace(/[^\d+]/g, '');
  if (kind === 'handle') return v.replace(/^@/, '').toLowerCase();
  return v.replace(/\/+$/, '').toLowerCase();
};

const answerKind = (scenario: Scenario, taskId: string): string | undefined =>
  scenario.tasks.find((t) => t.id === taskId)?.answer.entityType;

/** Everything the trainee offered for a task: the task's own answer, then the pooled lists. */
function offered(answers: TraineeAnswers | undefined, task: ResolvedAnswer): string[] {
  const own = answers?.tasks?.[task.taskId];
  const direct = own === undefined ? [] : Array.isArray(own) ? own : [own];
  const pooled = [
    ...(answers?.wallets ?? []),
    ...(answers?.handles ?? []),
    ...(answers?.entities ?? []),
  ];
  return [...direct, ...pooled].filter(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
}

const pathOf = (value: string): string => {
  try {
    return new URL(value).pathname;
  } catch {
    return value;
  }
};

interface TaskScore {
  score: number;
  notes: string[];
}

/** A post that repeats the target: shares its media (same or near-duplicate) or replies to it. */
function repostOf(truth: RangeTruth, targetId: string, captured: SubmittedItem): string | null {
  const target = truth.posts.find((p) => p.id === targetId);
  const post = truth.posts.find((p) => p.url === captured.path);
  if (target === undefined || post === undefined || post.id === target.id) return null;
  const origins = new Set(
    target.media.flatMap((m) => [m.url, m.nearDuplicateOf].filter((u): u is string => u !== null)),
  );
  const shares = post.media.some(
    (m) => origins.has(m.url) || (m.nearDuplicateOf !== null && origins.has(m.nearDuplicateOf)),
  );
  return shares || post.replyTo === target.id ? post.url : null;
}

function preservation(
  input: RubricInput,
  key: ResolvedAnswer[],
  items: SubmittedItem[],
): TaskScore & { max: number } {
  const tasks = key.filter((k) =>
    ['find_and_preserve', 'capture_before_removal', 'follow_link'].includes(k.kind),
  );
  const max = tasks.reduce(
    (s, k) => s + (input.scenario.tasks.find((t) => t.id === k.taskId)?.points ?? 0),
    0,
  );
  let score = 0;
  let late = 0;
  const notes: string[] = [];
  for (const k of tasks) {
    const points = input.scenario.tasks.find((t) => t.id === k.taskId)?.points ?? 0;
    const accepted = k.kind === 'follow_link' ? k.accept.map(pathOf) : [k.postUrl];
    const hits = items.filter((i) => accepted.includes(i.path));
    const good = hits.find((i) => !i.removed && i.status !== 410);
    if (good !== undefined) {
      score += points;
      notes.push(`${k.taskId}: preserved ${good.path} (+${points}).`);
    } else if (hits.length > 0) {
      late += 1;
      notes.push(
        `${k.taskId}: late — ${hits[0]?.path ?? ''} had already been removed when you captured it (HTTP ${hits[0]?.status ?? '?'}); volatile posts are captured first (SWGDE 21-F-001 §4.2) (0/${points}).`,
      );
    } else {
      const repost = items.map((i) => repostOf(input.truth, k.postId, i)).find((u) => u !== null);
      notes.push(
        repost === undefined || repost === null
          ? `${k.taskId}: not preserved — no package holds ${k.kind === 'follow_link' ? 'the page the post leads to' : 'the target post'} (0/${points}).`
          : `${k.taskId}: the post you captured (${repost}) was the repost, not the original (0/${points}).`,
      );
    }
  }
  const penalty = late * input.scenario.rubric.penalties.lateCapture;
  if (penalty > 0)
    notes.push(
      `Late-capture penalty: −${penalty} (${late} volatile capture${late === 1 ? '' : 's'} too late).`,
    );
  return { score: Math.max(0, score - penalty), max, notes };
}

function identification(
  input: RubricInput,
  key: ResolvedAnswer[],
  flags: string[],
): TaskScore & { max: number } {
  const tasks = key.filter((k) => k.kind === 'identify_entity' || k.kind === 'match_known_media');
  const max = tasks.reduce(
    (s, k) => s + (input.scenario.tasks.find((t) => t.id === k.taskId)?.points ?? 0),
    0,
  );
  let score = 0;
  const notes: string[] = [];
  const otherKeys = (input.otherVariants ?? []).map((o) => ({
    label: o.label,
    key: resolveAnswerKey(input.scenario, o.truth),
  }));
  for (const k of tasks) {
    const points = input.scenario.tasks.find((t) => t.id === k.taskId)?.points ?? 0;
    const kind = k.kind === 'match_known_media' ? 'url' : answerKind(input.scenario, k.taskId);
    const given = offered(input.answers, k).map((v) =>
      k.kind === 'match_known_media' ? pathOf(v) : v,
    );
    const accepted = new Set(k.accept.map((a) => normalise(a, kind)));
    const right = given.find((v) => accepted.has(normalise(v, kind)));
    // R24: an answer that is right for another trainee's variant of the same task.
    const foreign = otherKeys.flatMap((o) => {
      const theirs = o.key.find((x) => x.taskId === k.taskId);
      const hit = given.find(
        (v) =>
          theirs?.accept.some((a) => normalise(a, kind) === normalise(v, kind)) &&
          !accepted.has(normalise(v, kind)),
      );
      return hit === undefined ? [] : [{ label: o.label, value: hit }];
    });
    if (foreign.length > 0) {
      for (const f of foreign)
        flags.push(
          `${k.taskId}: "${f.value}" is the answer of ${f.label}'s variant, not yours (R24)`,
        );
      notes.push(
        `${k.taskId}: flagged — the value you gave belongs to another trainee's variant (0/${points}).`,
      );
    } else if (right !== undefined) {
      score += points;
      notes.push(`${k.taskId}: correct (${right}) (+${points}).`);
    } else if (
      k.kind === 'identify_entity' &&
      kind === 'eth' &&
      given.some((v) => k.accept.some((a) => a.toLowerCase() === v.trim().toLowerCase()))
    ) {
      notes.push(
        `${k.taskId}: the Ethereum address is right but its EIP-55 mixed-case checksum was lost; record it exactly as shown (0/${points}).`,
      );
    } else {
      notes.push(
        `${k.taskId}: not found — none of your answers is the ${kind ?? 'entity'} this task asks for (0/${points}).`,
      );
    }
  }
  return { score, max, notes };
}

function classification(input: RubricInput, key: ResolvedAnswer[]): TaskScore & { max: number } {
  const tasks = key.filter((k) => k.kind === 'classify');
  const max = tasks.reduce(
    (s, k) => s + (input.scenario.tasks.find((t) => t.id === k.taskId)?.points ?? 0),
    0,
  );
  let score = 0;
  const notes: string[] = [];
  const categories = input.answers?.categories ?? {};
  for (const k of tasks) {
    const points = input.scenario.tasks.find((t) => t.id === k.taskId)?.points ?? 0;
    const given = categories[k.taskId] ?? categories[k.postUrl] ?? categories[k.postId];
    if (given === undefined)
      notes.push(`${k.taskId}: no category given for ${k.postUrl} (0/${points}).`);
    else if (k.accept.includes(given.trim().toLowerCase())) {
      score += points;
      notes.push(`${k.taskId}: correct category "${given}" (+${points}).`);
    } else
      notes.push(
        `${k.taskId}: wrong category — you classified ${k.postUrl} as "${given}"; it is "${k.accept[0] ?? '?'}" (0/${points}).`,
      );
  }
  return { score, max, notes };
}

function legalBasis(
  input: RubricInput,
  items: SubmittedItem[],
): { share: number; notes: string[] } {
  const bases = input.packages.flatMap((p) => p.legalBases);
  if (bases.length === 0)
    return {
      share: 0,
      notes: ['No legal basis is recorded in any package (R1): capture is lawful only under one.'],
    };
  const required = input.scenario.legalBasis.mustRecord;
  const notes: string[] = [];
  let fieldsOk = 0;
  let fieldsAsked = 0;
  for (const field of required) {
    const name = BASIS_FIELD[field] ?? field;
    // Fields a package format does not carry (scope, provenance label) are judged where present.
    if (!bases.some((b) => name in b.fields)) continue;
    fieldsAsked += 1;
    if (
      bases.every((b) => typeof b.fields[name] === 'string' && String(b.fields[name]).trim() !== '')
    )
      fieldsOk += 1;
    else notes.push(`The legal basis lacks "${field}".`);
  }
  let inForce = 0;
  for (const item of items) {
    const basis = bases.find((b) => b.id === item.legalBasisId) ?? bases[0];
    const from = Date.parse(
      typeof basis?.fields.validFrom === 'string' ? basis.fields.validFrom : '',
    );
    const untilRaw = typeof basis?.fields.validUntil === 'string' ? basis.fields.validUntil : '';
    // A date-only validUntil runs to the end of that day (UTC).
    const until =
      Date.parse(untilRaw) + (/^\d{4}-\d{2}-\d{2}$/.test(untilRaw) ? 86_400_000 - 1 : 0);
    const at = Date.parse(item.collectedAt ?? '');
    if (at >= from && at <= until) inForce += 1;
    else
      notes.push(
        `${item.path} was captured at ${item.collectedAt ?? '?'}, outside the basis's validity (${String(basis?.fields.validFrom)} – ${untilRaw}).`,
      );
  }
  const fieldShare = fieldsAsked === 0 ? 1 : fieldsOk / fieldsAsked;
  const timeShare = items.length === 0 ? 0 : inForce / items.length;
  if (notes.length === 0)
    notes.push(`Legal basis recorded (${required.join(', ')}) and in force at every capture.`);
  return { share: (fieldShare + timeShare) / 2, notes };
}

function metadata(input: RubricInput, items: SubmittedItem[]): { share: number; notes: string[] } {
  const notes: string[] = [];
  if (input.packages.length === 0) return { share: 0, notes: ['No package submitted.'] };
  let verified = 0;
  for (const p of input.packages) {
    const failure = p.verify?.firstFailure;
    if (p.verify === null || p.unreadable !== null)
      notes.push(`${p.name} cannot be read (${p.unreadable ?? 'unknown error'}).`);
    else if (!p.verify.ok)
      notes.push(
        `${p.name} does not verify: ${failure?.name ?? '?'} check failed (${failure?.detail ?? ''}) — a file's hash is missing or does not match.`,
      );
    else if (!p.verify.timestamped) {
      verified += 0.5;
      notes.push(`${p.name} verifies but carries no trusted timestamp (RFC 3161).`);
    } else verified += 1;
  }
  let complete = 0;
  for (const item of items) {
    const prov = item.provenance ?? {};
    const missing = [
      ...PROVENANCE_FIELDS.filter(
        (f) => prov[f] === undefined || prov[f] === null || prov[f] === '',
      ),
      ...(/^\/p\//.test(item.path) ? POST_FIELDS.filter((f) => !item.structured[f]) : []),
    ];
    if (missing.length === 0) complete += 1;
    else notes.push(`${item.path}: provenance incomplete (missing ${missing.join(', ')}).`);
  }
  const verifyShare = verified / input.packages.length;
  const provShare = items.length === 0 ? 0 : complete / items.length;
  if (notes.length === 0)
    notes.push(
      'Every package verifies (hashes, signature, timestamp) and every capture carries complete provenance (R3).',
    );
  return { share: (verifyShare + provShare) / 2, notes };
}

function conduct(input: RubricInput): { points: number; notes: string[] } {
  const violations = (input.violations ?? []).filter((v) => v.mode === 'passive');
  const penalty = violations.length * input.scenario.rubric.penalties.interactionViolation;
  const notes =
    violations.length === 0
      ? ['Passive mode kept: no like, follow, message, share, reply or join attempted (R17).']
      : [
          `${violations.length} passive-mode violation${violations.length === 1 ? '' : 's'}: ${violations
            .map((v) => `${v.action} on ${v.target} at ${v.at}`)
            .join('; ')} (−${penalty}). Investigators observe; they never engage.`,
        ];
  notes.push('Bystander minimisation: not assessed (this scenario does not ask for it).');
  return { points: penalty, notes };
}

/**
 * Scores a submission.
 *
 * @example
 * const result = assessSubmission({ scenario, truth, packages, answers, violations });
 * result.criteria.find((c) => c.id === 'preservation')?.feedback
 */
export function assessSubmission(input: RubricInput): AssessmentResult {
  const key = resolveAnswerKey(input.scenario, input.truth);
  const items = input.packages.flatMap((p) => p.items);
  const flags: string[] = [];
  // R24: a capture of a post that does not exist in this variant came from someone else's range.
  const knownPaths = new Set([
    ...input.truth.posts.map((p) => p.url),
    ...input.truth.shortlinks.map((l) => l.url),
    ...input.truth.shortlinks.map((l) => l.target),
    ...input.truth.pastes.map((p) => p.url),
    ...input.truth.donations.map((d) => d.url),
    ...input.truth.files.map((f) => f.url),
  ]);
  for (const item of items)
    if (/^\/(p|s|paste|donate|files)\//.test(item.path) && !knownPaths.has(item.path))
      flags.push(
        `${item.path} (${item.package}) does not exist in variant ${input.truth.variant ?? '(none)'}: captured on another trainee's range (R24)`,
      );
  const weights = input.scenario.rubric.weights;
  const criteria: CriterionResult[] = [];
  const add = (id: Criterion, share: number, notes: string[]) => {
    const max = round((weights[id] ?? 0) * 100);
    if (max === 0) return;
    criteria.push({
      id,
      score: round(Math.max(0, Math.min(1, share)) * max),
      max,
      feedback: notes.join(' '),
    });
  };
  const p = preservation(input, key, items);
  add(
    'preservation',
    p.max === 0 ? 1 : p.score / p.max,
    p.max === 0 ? ['No preservation task.'] : p.notes,
  );
  const i = identification(input, key, flags);
  add(
    'identification',
    i.max === 0 ? 1 : i.score / i.max,
    i.max === 0 ? ['No identification task.'] : i.notes,
  );
  const c = classification(input, key);
  add(
    'classification',
    c.max === 0 ? 1 : c.score / c.max,
    c.max === 0 ? ['No classification task.'] : c.notes,
  );
  const l = legalBasis(input, items);
  add('legal_basis', l.share, l.notes);
  const m = metadata(input, items);
  add('metadata', m.share, m.notes);
  const d = conduct(input);
  const conductMax = (weights.conduct ?? 0) * 100;
  add('conduct', conductMax === 0 ? 1 : (conductMax - d.points) / conductMax, d.notes);
  const ordered = CRITERIA.flatMap((id) => criteria.filter((x) => x.id === id));
  const score = round(ordered.reduce((s, x) => s + x.score, 0));
  const max = round(ordered.reduce((s, x) => s + x.max, 0));
  return {
    score,
    max,
    passed: flags.length === 0 && score >= PASS_MARK * max,
    criteria: ordered,
    flags,
    scenario: input.scenario.name,
    seed: input.truth.seed,
    variant: input.truth.variant ?? '',
  };
}
