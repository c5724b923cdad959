/**
 * @module Cases: create under a legal basis, add bases, close, and decide whether collection is
 * lawful now. Every change is a ledger event in the same transaction.
 */
import type { Clock } from '../core/clock.js';
import { conflict, invalidInput, notFound, refused } from '../core/errors.js';
import type { Ledger } from '../custody/ledger.js';
import type { MetadataStore, Repositories } from '../evidence/ports.js';
import { activeBasis, collectionDecision, normaliseBasis } from './legal-basis.js';
import type { Workspace } from './access.js';
import type { LegalBasisInput } from './legal-basis.js';
import type { Case, CaseView, LegalBasis } from './types.js';

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
}

export class CaseService {
  readonly #deps: CaseServiceDeps;

  constructor(deps: CaseServiceDeps) {
    this.#deps = deps;
  }

  /** Opens a case under its first legal basis. */
  async create(actor: string, input: CreateCaseInput): Promise<CaseView> {
    const title = input.title.trim();
    if (title.length === 0) {
      throw invalidInput('--title is required and must not be empty', {
        hint: 'e.g. --title "Op Kestrel"',
      });
    }
    const basis = normaliseBasis(input.basis);
    const id = await this.#deps.store.transaction(async (tx) => {
      const now = this.#deps.clock.now().toISOString();
      const caseId = await tx.cases.nextId();
      await tx.cases.insert({
        id: caseId,
        title,
        status: 'open',
        workspace: input.workspace ?? 'operational',
        createdAt: now,
        createdBy: actor,
        closedAt: null,
        closedBy: null,
        closedReason: null,
      });
      await this.#deps.ledger.appendIn(tx, {
        actor,
        action: 'case_created',
        caseId,
        reason: basis.purpose,
        data: { title, workspace: input.workspace ?? 'operational' },
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

  async close(actor: string, caseId: string, reason: string): Promise<CaseView> {
    const why = reason.trim();
    if (why.length === 0) {
      throw invalidInput('--reason is required to close a case', {
        hint: 'e.g. --reason "referred to prosecutor"',
      });
    }
    await this.#deps.store.transaction(async (tx) => {
      const kase = await this.#require(tx, caseId);
      if (kase.status === 'closed') {
        throw conflict(`case ${caseId} is already closed (on ${kase.closedAt ?? '?'})`);
      }
      const now = this.#deps.clock.now().toISOString();
      await tx.cases.update({
        ...kase,
        status: 'closed',
        closedAt: now,
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
    basis: ReturnType<typeof normaliseBasis>,
  ): Promise<LegalBasis> {
    const record: LegalBasis = {
      ...basis,
      id: await tx.cases.nextBasisId(),
      caseId,
      addedAt: this.#deps.clock.now().toISOString(),
      addedBy: actor,
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
    if (!kase) {
      throw notFound(`case ${caseId} does not exist`, {
        hint: 'list cases with `vigil case list`',
      });
    }
    return kase;
  }

  #view(kase: Case, bases: LegalBasis[]): CaseView {
    return {
      ...kase,
      legalBases: bases,
      activeBasisId: activeBasis(bases, this.#deps.clock.now())?.id ?? null,
    };
  }
}
