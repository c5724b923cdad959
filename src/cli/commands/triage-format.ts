/**
 * @module How the triage commands run queued triage and print results for a person: every flag
 * with its rule, matched spans in context, language, weight and lexicon version; every match with
 * its list, the list's provenance and the distance; entities with the other items holding them.
 */
import type { Vigil } from '../../app/vigil.js';
import type { Job, JobOutcome } from '../../core/jobs.js';
import type { TriageCounts, TriageReport, TriageRun } from '../../triage/triage-types.js';
import { keyValues, table } from '../format.js';

/**
 * The jobs `openVigil` queues for every collected item (`onCollected`): run together after a
 * collection; capture jobs queued by the server are left to the server's worker.
 */
export const COLLECTION_JOBS = ['index', 'triage'] as const;

/** The `triage` field `vigil ingest` and `vigil capture` add to their JSON. */
export interface CollectedTriage {
  /** False with `--no-triage`: the jobs stay queued (`vigil triage queue --run`). */
  readonly ran: boolean;
  readonly flags: number;
  readonly matches: number;
  readonly entities: number;
  readonly items: readonly {
    readonly itemId: string;
    readonly status: 'done' | 'failed' | 'queued';
    readonly runId?: string;
    readonly counts?: TriageCounts;
    readonly error?: string;
  }[];
}

/**
 * Runs the queued triage jobs (`enabled`) and sums up what they found for `itemIds` (every item
 * whose job ran, when null). Failures are reported, not thrown: the collection itself succeeded.
 */
export async function runCollectedTriage(
  vigil: Vigil,
  itemIds: readonly string[] | null,
  enabled: boolean,
): Promise<CollectedTriage> {
  const outcomes: JobOutcome[] = enabled ? await vigil.jobs.drain({ kinds: COLLECTION_JOBS }) : [];
  const last = new Map<string, JobOutcome>();
  for (const o of outcomes) {
    if (o.job.kind === 'triage' && typeof o.job.payload.itemId === 'string')
      last.set(o.job.payload.itemId, o);
  }
  const ids = itemIds ?? [...last.keys()];
  const items = ids.map((itemId): CollectedTriage['items'][number] => {
    const outcome = last.get(itemId);
    if (!outcome || outcome.status === 'retry') return { itemId, status: 'queued' };
    if (outcome.status === 'failed')
      return { itemId, status: 'failed', error: outcome.error ?? 'unknown error' };
    const result = outcome.result as { runId: string; counts: TriageCounts };
    return { itemId, status: 'done', runId: result.runId, counts: result.counts };
  });
  const sum = (key: 'flags' | 'matches' | 'entities') =>
    items.reduce((total, i) => total + (i.counts?.[key] ?? 0), 0);
  return {
    ran: enabled,
    flags: sum('flags'),
    matches: sum('matches'),
    entities: sum('entities'),
    items,
  };
}

/** One line for `vigil ingest` / `vigil capture` (plus one per failure). */
export function triageLine(t: CollectedTriage): string {
  if (!t.ran) return 'Triage: queued (--no-triage); run it with `vigil triage queue --run`.';
  const lines = [
    `Triage: ${t.flags} flag(s), ${t.matches} match(es), ${t.entities} entit${t.entities === 1 ? 'y' : 'ies'} — suggestions to review with \`vigil triage show ITEM\`.`,
  ];
  for (const i of t.items) {
    if (i.status === 'failed')
      lines.push(
        `Triage FAILED for ${i.itemId}: ${i.error ?? ''} (see \`vigil triage queue --failed\`)`,
      );
    else if (i.status === 'queued') lines.push(`Triage of ${i.itemId} is still queued.`);
  }
  return lines.join('\n');
}

export function formatRuns(runs: readonly TriageRun[]): string {
  if (runs.length === 0) return 'Nothing to triage.';
  const lines = [
    table(
      ['ITEM', 'RUN', 'FLAGS', 'MATCHES', 'ENTITIES', 'OCR'],
      runs.map((r) => [
        r.itemId,
        r.id,
        r.counts.flags,
        r.counts.matches,
        r.counts.entities,
        r.counts.ocr,
      ]),
    ),
  ];
  for (const r of runs) for (const note of r.notes) lines.push(`${r.itemId}: note: ${note}`);
  lines.push('Every result is a suggestion until a person reviews it: `vigil triage show ITEM`.');
  return lines.join('\n');
}

const shortSha = (sha: string) => `${sha.slice(0, 12)}…`;

export function formatReport(
  item: { id: string; caseId: string; name: string },
  r: TriageReport,
): string {
  const lines: string[] = [];
  const run = r.run;
  lines.push(`Item ${item.id} "${item.name}" in case ${item.caseId}`);
  if (!run) {
    lines.push('Not triaged yet: `vigil triage run ' + item.id + '`.');
    return lines.join('\n');
  }
  lines.push(
    keyValues([
      ['last run', `${run.id} at ${run.finishedAt} (${run.trigger}, by ${run.actor})`],
      [
        'text engine',
        `${run.engines.text.name} ${run.engines.text.version}, lexicon ${run.engines.text.lexicon} ${run.engines.text.lexiconVersion}, ${run.engines.text.languageIdentifier}`,
      ],
      [
        'ocr',
        run.engines.ocr
          ? `${run.engines.ocr.name} ${run.engines.ocr.version} (${run.engines.ocr.languages.join('+')})`
          : 'not used',
      ],
      [
        'hash lists',
        run.engines.lists.length === 0
          ? 'none imported'
          : run.engines.lists
              .map(
                (l) =>
                  `${l.name} (${l.entries} entries, file ${shortSha(l.fileSha256)}, imported ${l.importedAt})`,
              )
              .join('; '),
      ],
      [
        'pdq rule',
        `distance ≤ ${run.engines.pdq.distance}, quality ≥ ${run.engines.pdq.minQuality}`,
      ],
    ]),
  );
  lines.push(
    '',
    `Flags (${r.flags.length}) — suggestions, never verdicts; review with \`vigil triage review ${item.id} --flag ID --accept|--reject --reason TEXT\`:`,
  );
  for (const f of r.flags) {
    const review =
      f.status === 'suggested'
        ? 'SUGGESTED'
        : `${f.status.toUpperCase()} by ${f.reviewedBy ?? '?'} at ${f.reviewedAt ?? '?'} (${f.reviewReason ?? ''})`;
    lines.push(`  ${f.id}  ${review}  ${f.category ?? 'no category'}  score ${f.score.toFixed(3)}`);
    if (f.source === 'text') {
      lines.push(
        `      rule ${f.rule}, language ${f.language ?? 'und'}, weight ${f.weight ?? '-'}, ${f.hits} hit(s), lexicon ${f.lexicon ?? '?'} ${f.lexiconVersion ?? '?'}`,
      );
      lines.push(
        `      read from ${f.origin.role}${f.origin.path ? ` ${f.origin.path}` : ''} ${shortSha(f.origin.artifactSha256)}${f.origin.derivedFrom ? ` (OCR of ${shortSha(f.origin.derivedFrom)})` : ''}`,
      );
      f.spans.forEach((span, i) =>
        lines.push(`      @${span.start}-${span.end}: ${f.context[i] ?? span.text}`),
      );
      for (const e of f.exclusions)
        lines.push(`      discounted by ${e.id} (${e.kind}, ×${e.factor})`);
    } else {
      const match = r.matches.find((m) => m.flagId === f.id);
      lines.push(
        `      rule ${f.rule}: ${match ? `${match.via} distance ${match.distance}, labels ${match.labels.join(';') || '-'}` : 'list hit'}`,
      );
    }
  }
  if (r.matches.length > 0) {
    lines.push('', `Hash-list matches (${r.matches.length}):`);
    lines.push(
      table(
        ['MATCH', 'LIST', 'SOURCE', 'VIA', 'DISTANCE', 'QUALITY', 'LABELS', 'FLAG'],
        r.matches.map((m) => [
          m.id,
          m.list,
          `${m.provenance.source ?? m.provenance.fileName ?? '-'} (file ${shortSha(m.provenance.fileSha256)}, imported ${m.provenance.importedAt})`,
          m.frame ? `${m.via}@${m.frame.timestamp.toFixed(1)}s` : m.via,
          m.distance,
          m.quality ?? '-',
          m.labels.join(';'),
          `${m.flagId} ${m.status}`,
        ]),
      ),
    );
  }
  if (r.entities.length > 0) {
    lines.push('', `Entities (${r.entities.length}):`);
    lines.push(
      table(
        ['TYPE', 'VALUE', 'VALID', 'AT', 'ALSO IN'],
        r.entities.map((e) => [
          e.type,
          e.value,
          e.valid ? 'yes' : 'NO',
          `${e.origin.role}@${e.start}-${e.end}`,
          e.links.map((l) => `${l.itemId} (${l.caseId})`).join(', ') || '-',
        ]),
      ),
    );
  }
  for (const o of r.ocr) {
    lines.push(
      '',
      `OCR text ${shortSha(o.sha256)} derived from ${shortSha(o.derivedFrom)}: ${o.engine.name} ${o.engine.version} (${o.engine.languages.join('+')}), confidence ${o.confidence}, ${o.words} words`,
    );
  }
  for (const note of run.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}

export function formatJobs(
  jobs: readonly Job[],
  ran?: CollectedTriage,
  failed?: readonly Job[],
): string {
  const lines: string[] = [];
  if (ran) lines.push(triageLine(ran));
  lines.push(
    jobs.length === 0
      ? 'No pending jobs.'
      : table(
          ['JOB', 'KIND', 'ITEM', 'STATUS', 'ATTEMPTS', 'QUEUED AT', 'LAST ERROR'],
          jobs.map((j) => [
            j.id,
            j.kind,
            j.payload.itemId,
            j.status,
            `${j.attempts}/${j.maxAttempts}`,
            j.createdAt,
            j.error ?? '',
          ]),
        ),
  );
  if (failed && failed.length > 0) {
    lines.push('Failed:');
    lines.push(
      table(
        ['JOB', 'KIND', 'ITEM', 'ATTEMPTS', 'ERROR'],
        failed.map((j) => [j.id, j.kind, j.payload.itemId, j.attempts, j.error ?? '']),
      ),
    );
  }
  return lines.join('\n');
}
