/**
 * @module Expedited preservation requests (Budapest Convention Arts 16 and 29; R21): a JSON
 * request carrying every Art. 29(2)(a)–(f) element and a letter with the same content, logged
 * as a disclosure to the provider; and deadline tracking: Art. 16(2) preservation for up to 90
 * days, here with one 60-day extension, and alerts a set number of days before the end.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { conflict, invalidInput, notFound } from '../core/errors.js';
import type { Ledger } from '../custody/ledger.js';
import type { MetadataStore } from '../evidence/ports.js';
import type { ExportResult, ExportService, Sink } from './export-service.js';
import type { ExportsRepository, PreservationRecord } from './export-types.js';

export const PRESERVATION_DAYS = 90;
export const EXTENSION_DAYS = 60;
export const DEFAULT_ALERT_DAYS = 14;
const DAY = 24 * 60 * 60 * 1000;

const text = z.string().trim().min(1);

/** The request; each Art. 29(2) element is a required, non-empty field. */
export const PreservationRequestSchema = z.strictObject({
  schema: z.literal('vigil.preservation-request/1'),
  id: z.string().regex(/^PR-\d+$/),
  legalBasis: z.literal(
    'Council of Europe Convention on Cybercrime (ETS No. 185), Articles 16 and 29',
  ),
  caseId: text,
  provider: text,
  createdAt: z.iso.datetime(),
  preserveUntil: z.iso.datetime(),
  /** Art. 29(2)(a): the authority seeking the preservation. */
  requestingAuthority: z.strictObject({ name: text, reference: text, contact: text }),
  /** Art. 29(2)(b): the offence and a brief summary of the related facts. */
  offence: z.strictObject({ description: text, summaryOfFacts: text }),
  /** Art. 29(2)(c): the stored data to be preserved and their relationship to the offence. */
  dataToPreserve: z.strictObject({
    items: z
      .array(
        z.strictObject({
          url: text,
          accountHandle: z.string().nullable(),
          postId: z.string().nullable(),
          capturedAt: z.iso.datetime(),
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
        }),
      )
      .min(1),
    dataTypes: z.array(text).min(1),
    relationshipToOffence: text,
  }),
  /** Art. 29(2)(d): information identifying the custodian or the location of the system. */
  custodian: z.strictObject({ name: text, location: z.string() }),
  /** Art. 29(2)(e): the necessity of the preservation. */
  necessity: text,
  /** Art. 29(2)(f): the intention to submit a mutual-assistance request. */
  mutualAssistanceIntent: z.strictObject({ intends: z.literal(true), statement: text }),
});
export type PreservationRequest = z.infer<typeof PreservationRequestSchema>;

export interface PreservationInput {
  readonly caseId: string;
  readonly provider: string;
  readonly offence: string;
  readonly facts?: string | undefined;
  readonly authority?: string | undefined;
  readonly contact?: string | undefined;
  readonly location?: string | undefined;
  readonly necessity?: string | undefined;
  readonly relationship?: string | undefined;
  readonly itemIds?: readonly string[] | undefined;
  readonly reason?: string | undefined;
}

/** The plain-text letter with every element of the request, numbered as in Art. 29(2). */
export function preservationLetter(r: PreservationRequest): string {
  const items = r.dataToPreserve.items
    .map(
      (i, n) =>
        `   ${n + 1}. ${i.url}${i.accountHandle ? ` (account ${i.accountHandle})` : ''}${i.postId ? ` post ${i.postId}` : ''}; captured ${i.capturedAt}; SHA-256 of our copy ${i.sha256}`,
    )
    .join('\n');
  return [
    `REQUEST FOR EXPEDITED PRESERVATION OF STORED COMPUTER DATA`,
    `${r.legalBasis}`,
    ``,
    `Request ${r.id} of ${r.createdAt.slice(0, 10)} — case ${r.caseId}`,
    `To: ${r.custodian.name}`,
    ``,
    `(a) Requesting authority: ${r.requestingAuthority.name}, reference ${r.requestingAuthority.reference}, contact ${r.requestingAuthority.contact}`,
    `(b) Offence: ${r.offence.description}`,
    `    Summary of facts: ${r.offence.summaryOfFacts}`,
    `(c) Stored computer data to be preserved (${r.dataToPreserve.dataTypes.join(', ')}):`,
    items,
    `    Relationship to the offence: ${r.dataToPreserve.relationshipToOffence}`,
    `(d) Custodian / location of the computer system: ${r.custodian.name}${r.custodian.location ? `, ${r.custodian.location}` : ''}`,
    `(e) Necessity of the preservation: ${r.necessity}`,
    `(f) ${r.mutualAssistanceIntent.statement}`,
    ``,
    `Please preserve the data above without disclosing it, and without notifying the account`,
    `holder, until ${r.preserveUntil.slice(0, 10)} (${PRESERVATION_DAYS} days, Art. 16(2)); an extension may follow.`,
    ``,
  ].join('\n');
}

export interface PreservationStatus extends PreservationRecord {
  readonly endsAt: string;
  readonly daysLeft: number;
  readonly state: 'active' | 'expiring' | 'expired';
  /** A message when the end is within the alert window or past. */
  readonly alert: string | null;
}

/** The deadline state of a request at `now`: `expiring` within `alertDays` of its end. Pure. */
export function preservationStatus(
  record: PreservationRecord,
  now: Date,
  alertDays: number,
): PreservationStatus {
  const endsAt = record.extendedUntil ?? record.expiresAt;
  const left = (new Date(endsAt).getTime() - now.getTime()) / DAY;
  const daysLeft = Math.ceil(left);
  const state = left <= 0 ? 'expired' : daysLeft <= alertDays ? 'expiring' : 'active';
  const alert =
    state === 'expired'
      ? `preservation ${record.id} at ${record.provider} ended on ${endsAt.slice(0, 10)}`
      : state === 'expiring'
        ? `preservation ${record.id} at ${record.provider} ends in ${daysLeft} day(s) on ${endsAt.slice(0, 10)}${record.extendedUntil ? ' (already extended)' : `; extend it with \`vigil preservation extend ${record.id}\``}`
        : null;
  return { ...record, endsAt, daysLeft, state, alert };
}

export interface PreservationDeps {
  readonly store: MetadataStore;
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly repository: ExportsRepository;
  readonly exports: ExportService;
}

export class PreservationService {
  readonly #deps: PreservationDeps;

  constructor(deps: PreservationDeps) {
    this.#deps = deps;
  }

  /**
   * Generates the request for the case's captures (or `itemIds`), validates it against the
   * schema, hands JSON and letter to the sinks and logs one disclosure to the provider.
   */
  async create(
    actor: string,
    input: PreservationInput,
    sinks: { json: Sink; letter: Sink },
  ): Promise<
    ExportResult & {
      id: string;
      preserveUntil: string;
      letter: { path: string | null; sha256: string };
    }
  > {
    const provider = input.provider?.trim();
    if (!provider)
      throw invalidInput('--provider is required', {
        hint: 'the service provider holding the data, e.g. --provider "Example Social Ltd"',
      });
    if (!input.offence?.trim())
      throw invalidInput('the offence is required (Budapest Art. 29(2)(b))', {
        hint: '--offence "financing of terrorism (Criminal Code s. 83.03)"',
      });
    const d = await this.#deps.exports.dossier(actor, input.caseId, input.itemIds);
    const basis =
      d.case.legalBases.find((b) => b.id === d.case.activeBasisId) ?? d.case.legalBases[0];
    const captures = d.items.filter((e) => e.item.sourceUrl && !e.item.erasedAt);
    if (captures.length === 0)
      throw invalidInput(`case ${input.caseId} has no captured URLs to preserve`, {
        hint: 'capture the posts first with `vigil capture URL --case ID`',
      });
    const now = this.#deps.clock.now();
    const id = await this.#deps.repository.nextPreservationId();
    const preserveUntil = new Date(now.getTime() + PRESERVATION_DAYS * DAY).toISOString();
    const request = PreservationRequestSchema.parse({
      schema: 'vigil.preservation-request/1',
      id,
      legalBasis: 'Council of Europe Convention on Cybercrime (ETS No. 185), Articles 16 and 29',
      caseId: d.case.id,
      provider,
      createdAt: now.toISOString(),
      preserveUntil,
      requestingAuthority: {
        name: input.authority?.trim() || basis?.authority || 'unknown',
        reference: basis?.reference ?? d.case.id,
        contact: input.contact?.trim() || actor,
      },
      offence: {
        description: input.offence.trim(),
        summaryOfFacts: input.facts?.trim() || `${d.case.title}: ${basis?.purpose ?? ''}`.trim(),
      },
      dataToPreserve: {
        items: captures.map((e) => ({
          url: e.item.sourceUrl!,
          accountHandle: e.post?.handle ?? null,
          postId: e.post?.postId ?? null,
          capturedAt: e.item.collectedAt,
          sha256: e.item.sha256,
        })),
        dataTypes: [
          'content data',
          'subscriber information',
          'traffic data (logs of creation and access)',
        ],
        relationshipToOffence:
          input.relationship?.trim() ||
          `the listed content was collected in case ${d.case.id} as evidence of the offence`,
      },
      custodian: { name: provider, location: input.location?.trim() ?? '' },
      necessity:
        input.necessity?.trim() ||
        'the data are volatile: the provider or the account holder may delete them at any time, and they are needed as evidence',
      mutualAssistanceIntent: {
        intends: true,
        statement:
          'The requesting Party intends to submit a request for mutual assistance for the search, seizure or disclosure of the data (Art. 29(2)(f)).',
      },
    });
    const json = Buffer.from(`${JSON.stringify(request, null, 2)}\n`, 'utf8');
    const letterBytes = Buffer.from(preservationLetter(request), 'utf8');
    const letterSha = createHash('sha256').update(letterBytes).digest('hex');
    const letterPath = await sinks.letter(letterBytes);
    let recordSha = '';
    const result = await this.#deps.exports.disclose(actor, {
      caseId: d.case.id,
      format: 'preservation-request',
      bytes: json,
      mediaType: 'application/json',
      recipient: provider,
      reason: input.reason ?? `preservation request ${id} to ${provider} (Budapest Art. 29)`,
      items: captures.map((e) => e.item.id),
      data: { request: id, letterSha256: letterSha, letter: letterPath, preserveUntil },
      sink: async (bytes) => {
        recordSha = createHash('sha256').update(bytes).digest('hex');
        await this.#deps.repository.addPreservation({
          id,
          caseId: d.case.id,
          provider,
          createdBy: actor,
          createdAt: now.toISOString(),
          expiresAt: preserveUntil,
          extendedUntil: null,
          sha256: recordSha,
          request,
        });
        return sinks.json(bytes);
      },
    });
    return { ...result, id, preserveUntil, letter: { path: letterPath, sha256: letterSha } };
  }

  /** Requests with their deadline state; alerts for those within `alertDays` of their end (R21). */
  async list(options: { caseId?: string; alertDays?: number } = {}): Promise<PreservationStatus[]> {
    const now = this.#deps.clock.now();
    const days = options.alertDays ?? DEFAULT_ALERT_DAYS;
    return (await this.#deps.repository.preservations(options.caseId)).map((r) =>
      preservationStatus(r, now, days),
    );
  }

  /** Records the 60-day extension the provider granted (once; logged). */
  async extend(actor: string, id: string, reason?: string): Promise<PreservationStatus> {
    const record = await this.#deps.repository.preservation(id);
    if (!record)
      throw notFound(`preservation request ${id} does not exist`, {
        hint: 'see them with `vigil preservation list`',
      });
    if (record.extendedUntil)
      throw conflict(
        `preservation request ${id} was already extended until ${record.extendedUntil}`,
      );
    const now = this.#deps.clock.now();
    if (now.getTime() >= new Date(record.expiresAt).getTime())
      throw conflict(
        `preservation request ${id} ended on ${record.expiresAt}; an ended preservation cannot be extended`,
        {
          hint: 'send a new request with `vigil preservation-request`',
        },
      );
    const until = new Date(
      new Date(record.expiresAt).getTime() + EXTENSION_DAYS * DAY,
    ).toISOString();
    await this.#deps.store.transaction(async (tx) => {
      await this.#deps.repository.extendPreservation(id, until);
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'annotation',
        caseId: record.caseId,
        reason: reason?.trim() || `preservation ${id} extended by ${EXTENSION_DAYS} days`,
        data: { preservation: id, extendedUntil: until },
      });
    });
    return preservationStatus({ ...record, extendedUntil: until }, now, DEFAULT_ALERT_DAYS);
  }
}
