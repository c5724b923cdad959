/**
 * @module Retention (R12; LED Art. 5): review reminders, erasure of content past its expiry unless
 * a legal hold stops it, tombstones that keep the hashes, and every step in the ledger.
 */
import type { Clock } from '../core/clock.js';
import type { Ledger } from '../custody/ledger.js';
import type { EvidenceService } from '../evidence/evidence-service.js';
import type { MetadataStore } from '../evidence/ports.js';

export interface RetentionDeps {
  readonly store: MetadataStore;
  readonly ledger: Ledger;
  readonly evidence: EvidenceService;
  readonly clock: Clock;
  /** Called for each item whose content was erased (search drops it). */
  readonly onErased?: (itemId: string) => Promise<void>;
}

export interface RetentionReport {
  readonly at: string;
  /** Cases whose review date has come (a reminder was recorded the first time). */
  readonly reviewsDue: readonly { caseId: string; reviewAt: string; newlyNotified: boolean }[];
  /** Items whose content was erased in this run. */
  readonly erased: readonly { caseId: string; itemId: string; blobsDeleted: number }[];
  /** Cases past expiry whose content a legal hold keeps. */
  readonly held: readonly { caseId: string; expiresAt: string }[];
}

export class RetentionService {
  readonly #deps: RetentionDeps;

  constructor(deps: RetentionDeps) {
    this.#deps = deps;
  }

  /**
   * One pass over every case at the clock's current time. Idempotent: run it as often as you like
   * (the server runs it hourly; `vigil retention run` on demand).
   */
  async sweep(actor = 'retention'): Promise<RetentionReport> {
    const now = this.#deps.clock.now();
    const reviewsDue: { caseId: string; reviewAt: string; newlyNotified: boolean }[] = [];
    const erased: { caseId: string; itemId: string; blobsDeleted: number }[] = [];
    const held: { caseId: string; expiresAt: string }[] = [];
    for (const kase of await this.#deps.store.cases.list()) {
      if (kase.reviewAt && Date.parse(kase.reviewAt) <= now.getTime()) {
        const newlyNotified = kase.reviewNotifiedFor !== kase.reviewAt;
        if (newlyNotified) {
          await this.#deps.store.transaction(async (tx) => {
            await tx.cases.update({ ...kase, reviewNotifiedFor: kase.reviewAt });
            await this.#deps.ledger.appendIn(tx, {
              actor,
              action: 'retention_review_due',
              caseId: kase.id,
              reason: `retention review of ${kase.id} was due on ${kase.reviewAt ?? '?'}`,
              data: {
                reviewAt: kase.reviewAt,
                expiresAt: kase.expiresAt,
                legalHold: kase.legalHold,
              },
            });
          });
        }
        reviewsDue.push({ caseId: kase.id, reviewAt: kase.reviewAt, newlyNotified });
      }
      if (!kase.expiresAt || Date.parse(kase.expiresAt) > now.getTime()) continue;
      if (kase.legalHold) {
        held.push({ caseId: kase.id, expiresAt: kase.expiresAt });
        continue;
      }
      for (const item of await this.#deps.store.items.listByCase(kase.id)) {
        // Erased items are visited again only to finish a deletion a crash interrupted.
        const result = await this.#deps.evidence.eraseItem(
          actor,
          item.id,
          `retention of case ${kase.id} expired on ${kase.expiresAt}`,
        );
        if (!item.erasedAt || result.deleted.length > 0) {
          erased.push({ caseId: kase.id, itemId: item.id, blobsDeleted: result.deleted.length });
          await this.#deps.onErased?.(item.id);
        }
      }
    }
    return { at: now.toISOString(), reviewsDue, erased, held };
  }
}
