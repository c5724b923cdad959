/**
 * @module Cases: create under a legal basis, add and approve bases, record the plan and risk
 * assessment, set retention, close, and decide whether collection is lawful now. Every change is a
 * ledger event in the same transaction.
 */
import type { Clock } from '../core/clock.js';
import { conflict, forbidden, invalidInput, notFound, refused } from '../core/errors.js';
import { parseInstant } from '../core/time.js';
import type { Ledger } from '../custody/ledger.js';
import type { MetadataStore, Repositories } from '../evidence/ports.js';
import type { Workspace } from './access.js';
import { activeBasis, caseState, collectionDecision, normaliseBasis } from './legal-basis.js';
import type { LegalBasisInput, NormalisedBasis } from './legal-basis.js';
import { NEW_CASE_DEFAULTS } from './types.js';
import type { ApprovalPolicy, Case, CaseView, LegalBasis } from './types.js';

export interface CaseServiceDeps {
  readonly store: MetadataStore;
  readonly ledger: Ledger;
  readonly clock: Clock;
}

export interface CreateCaseInput {
  title: string;
  basis: LegalBasisInput;
  /** Defaults to operational; training workspaces hold trainees' exercises. */
  workspace?: Workspace;
  /** Defaults to `immediate`; the server applies `approval` to teams (issue 6, R2). */
  policy?: ApprovalPolicy;
}

export interface RetentionInput {
  /** ISO 8601; empty string clears it. */
  reviewAt?: string | undefined;
  expiresAt?: string | undefined;
  legalHold?: boolean | undefined;
}

const required = (value: string, what: string, example: string): string => {
  const text = value.trim();
  if (!text)
    throw invalidInput(`${what} is required and must not be empty`, { hint: `e.g. ${example}` });
  return text;
};

export class CaseService {
  readonly #deps: CaseServiceDeps;

  constructor(deps: CaseServiceDeps) {
    this.#deps = deps;
  }

  /** Opens a case under its first legal basis. */
  async create(actor: string, input: CreateCaseInput): Promise<CaseView> {
    const title = required(input.title, '--title', '--title "Op Kestrel"');
    const basis = normaliseBasis(input.basis);
    const policy = input.policy ?? 'immediate';
    const workspace = input.workspace ?? 'operational';
    const id = await this.#deps.store.transaction(async (tx) => {
      const caseId = await tx.cases.nextId();
      await tx.cases.insert({
        ...NEW_CASE_DEFAULTS,
        id: caseId,
        title,
        workspace,
        policy,
        createdAt: this.#now(),
        createdBy: actor,
      });
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'case_created',
        caseId,
        reason: basis.purpose,
        // The ledger records which approval policy applied to the case (issue 6).
        data: { title, workspace, policy },
      });
      await this.#addBasisIn(tx, actor, caseId, basis);
      return caseId;
    });
    return this.show(id);
  }

  async addBasis(actor: string, caseId: string, input: LegalBasisInput): Promise<LegalBasis> {
    const basis = normaliseBasis(input);
    return this.#deps.store.transaction(async (tx) => {
      const kase = await this.#require(tx, caseId);
      if (kase.status === 'closed') {
        throw conflict(`case ${caseId} is closed; a legal basis cannot be added to it`, {
          hint: 'open a new case with `vigil case create`',
        });
      }
      return this.#addBasisIn(tx, actor, caseId, basis);
    });
  }

  /**
   * A supervisor approves a basis (the approval policy). Four eyes: nobody approves a basis they
   * recorded themselves. The caller checks that `actor` is a supervisor.
   */
  async approveBasis(actor: string, caseId: string, basisId: string): Promise<LegalBasis> {
    return this.#deps.store.transaction(async (tx) => {
      await this.#require(tx, caseId);
      const basis = (await tx.cases.bases(caseId)).find((b) => b.id === basisId);
      if (!basis)
        throw notFound(`case ${caseId} has no legal basis ${basisId}`, {
          hint: `see them with \`vigil case show ${caseId}\``,
        });
      if (basis.approvedBy)
        throw conflict(
          `${basisId} was already approved by ${basis.approvedBy} on ${basis.approvedAt ?? '?'}`,
        );
      if (basis.addedBy === actor) {
        throw forbidden(
          `${actor} recorded ${basisId} and cannot also approve it (four-eyes principle)`,
          { hint: 'ask another supervisor to approve it' },
        );
      }
      const approvedAt = this.#now();
      await tx.cases.approveBasis(basisId, actor, approvedAt);
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'legal_basis_approved',
        caseId,
        reason: `approved ${basis.reference}`,
        data: { basisId, reference: basis.reference },
      });
      return { ...basis, approvedBy: actor, approvedAt };
    });
  }

  /** Records the investigation plan and the risk assessment (R2; Berkeley Protocol, preparation). */
  async recordPlan(
    actor: string,
    caseId: string,
    plan: string,
    riskAssessment: string,
  ): Promise<CaseView> {
    const planText = required(plan, '--plan', '--plan "targets, platforms, methods, personas"');
    const risk = required(
      riskAssessment,
      '--risk',
      '--risk "digital, physical and psychosocial risks and mitigations"',
    );
    await this.#deps.store.transaction(async (tx) => {
      const kase = await this.#require(tx, caseId);
      if (kase.status === 'closed') throw conflict(`case ${caseId} is closed`);
      await tx.cases.update({ ...kase, plan: planText, riskAssessment: risk });
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'case_plan_recorded',
        caseId,
        reason: 'investigation plan and risk assessment recorded',
        data: { plan: planText, riskAssessment: risk },
      });
    });
    return this.show(caseId);
  }

  /** Sets the review date, the expiry of content and the legal hold (R12; LED Art. 5). */
  async setRetention(actor: string, caseId: string, input: RetentionInput): Promise<CaseView> {
    const when = (value: string | undefined, flag: string, current: string | null) =>
      value === undefined
        ? current
        : value.trim() === ''
          ? null
          : parseInstant(value, flag).toISOString();
    await this.#deps.store.transaction(async (tx) => {
      const kase = await this.#require(tx, caseId);
      const next: Case = {
        ...kase,
        reviewAt: when(input.reviewAt, '--review', kase.reviewAt),
        expiresAt: when(input.expiresAt, '--expires', kase.expiresAt),
        legalHold: input.legalHold ?? kase.legalHold,
      };
      if (
        next.reviewAt &&
        next.expiresAt &&
        Date.parse(next.expiresAt) < Date.parse(next.reviewAt)
      ) {
        throw invalidInput(
          `the content would expire (${next.expiresAt}) before its review (${next.reviewAt})`,
          { hint: 'set --review earlier than --expires' },
        );
      }
      await tx.cases.update(next);
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'retention_set',
        caseId,
        reason: next.legalHold ? 'retention set; legal hold in force' : 'retention set',
        data: { reviewAt: next.reviewAt, expiresAt: next.expiresAt, legalHold: next.legalHold },
      });
    });
    return this.show(caseId);
  }

  async close(actor: string, caseId: string, reason: string): Promise<CaseView> {
    const why = required(reason, '--reason', '--reason "referred to prosecutor"');
    await this.#deps.store.transaction(async (tx) => {
      const kase = await this.#require(tx, caseId);
      if (kase.status === 'closed')
        throw conflict(`case ${caseId} is already closed (on ${kase.closedAt ?? '?'})`);
      await tx.cases.update({
        ...kase,
        status: 'closed',
        closedAt: this.#now(),
        closedBy: actor,
        closedReason: why,
      });
      await this.#deps.ledger.appendIn(tx, { actor, action: 'case_closed', caseId, reason: why });
    });
    return this.show(caseId);
  }

  async show(caseId: string): Promise<CaseView> {
    const kase = await this.#require(this.#deps.store, caseId);
    return this.#view(kase, await this.#deps.store.cases.bases(caseId));
  }

  async list(): Promise<CaseView[]> {
    const cases = await this.#deps.store.cases.list();
    return Promise.all(
      cases.map(async (kase) => this.#view(kase, await this.#deps.store.cases.bases(kase.id))),
    );
  }

  /**
   * Decides inside a transaction whether collection into the case is lawful now (R1). Refusal
   * throws `refused`; the caller's transaction rolls back and `recordRefusal` logs the attempt.
   */
  async authoriseIn(tx: Repositories, caseId: string): Promise<{ kase: Case; basis: LegalBasis }> {
    const kase = await this.#require(tx, caseId);
    const decision = collectionDecision(kase, await tx.cases.bases(caseId), this.#deps.clock.now());
    if (!decision.allowed) {
      throw refused(`collection refused: ${decision.reason}`, {
        hint: decision.hint,
        details: { caseId, cause: decision.cause },
      });
    }
    return { kase, basis: decision.basis };
  }

  /** Logs a refused collection attempt (R1: the audit log shows the denied attempt). */
  async recordRefusal(
    actor: string,
    caseId: string,
    attempt: Record<string, unknown>,
    why: string,
  ): Promise<void> {
    const known = await this.#deps.store.cases.get(caseId);
    await this.#deps.ledger.append({
      actor,
      action: 'refused',
      caseId: known ? caseId : null,
      reason: why,
      data: { attempted: 'collection', requestedCase: caseId, ...attempt },
    });
  }

  async #addBasisIn(
    tx: Repositories,
    actor: string,
    caseId: string,
    basis: NormalisedBasis,
  ): Promise<LegalBasis> {
    const record: LegalBasis = {
      ...basis,
      id: await tx.cases.nextBasisId(),
      caseId,
      addedAt: this.#now(),
      addedBy: actor,
      approvedBy: null,
      approvedAt: null,
    };
    await tx.cases.addBasis(record);
    await this.#deps.ledger.appendIn(tx, {
      actor,
      action: 'legal_basis_added',
      caseId,
      reason: record.purpose,
      data: { basis: record },
    });
    return record;
  }

  async #require(repos: Repositories, caseId: string): Promise<Case> {
    const kase = await repos.cases.get(caseId);
    if (!kase)
      throw notFound(`case ${caseId} does not exist`, {
        hint: 'list cases with `vigil case list`',
      });
    return kase;
  }

  #now(): string {
    return this.#deps.clock.now().toISOString();
  }

  #view(kase: Case, bases: LegalBasis[]): CaseView {
    const usable =
      kase.policy === 'approval' ? bases.filter((basis) => basis.approvedBy !== null) : bases;
    return {
      ...kase,
      legalBases: bases,
      activeBasisId: activeBasis(usable, this.#deps.clock.now())?.id ?? null,
      state: caseState(kase, bases),
    };
  }
}
