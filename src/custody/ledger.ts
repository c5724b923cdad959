/**
 * @module The custody ledger service: appends chained, head-signed events through the store's
 * ports, verifies the whole chain, and exports verifiable segments.
 */
import type { Clock } from '../core/clock.js';
import type { LedgerRepository, MetadataStore, Repositories, Signer } from '../evidence/ports.js';
import { chainEvent, headStatement } from './event.js';
import type { EventDraft, LedgerEvent } from './event.js';
import { formatSegment } from './segment.js';
import { verifyChain } from './verify.js';
import type { ChainVerification, SignedHead } from './verify.js';

export interface LedgerDeps {
  readonly store: MetadataStore;
  readonly signer: Signer;
  readonly clock: Clock;
}

export interface SegmentScope {
  readonly caseId?: string;
  readonly itemIds?: readonly string[];
}

export class Ledger {
  readonly #deps: LedgerDeps;

  constructor(deps: LedgerDeps) {
    this.#deps = deps;
  }

  /**
   * Appends inside the caller's transaction, so the event commits or rolls back with the change
   * it records. The time is read inside the transaction, after the write lock is held, so times
   * follow seq order across processes.
   */
  async appendIn(tx: Repositories, draft: EventDraft): Promise<LedgerEvent> {
    const event = chainEvent(await tx.ledger.last(), draft, this.#deps.clock.now());
    await tx.ledger.append(event, this.#signHead(event));
    return event;
  }

  /** Appends in a transaction of its own (refusals, consultations, integrity failures). */
  async append(draft: EventDraft): Promise<LedgerEvent> {
    return this.#deps.store.transaction((tx) => this.appendIn(tx, draft));
  }

  /** Re-computes the whole chain and checks the signed head (R8). */
  async verify(): Promise<ChainVerification> {
    const events = await this.#allEvents(this.#deps.store.ledger);
    return verifyChain(
      events,
      await this.#deps.store.ledger.signedHead(),
      this.#deps.signer.publicKeyPem,
    );
  }

  /** A JSONL segment with the chain up to the signed head; events outside `scope` are stubs. */
  async exportSegment(actor: string, scope: SegmentScope = {}): Promise<string> {
    const ledger = this.#deps.store.ledger;
    const items = scope.itemIds ? new Set(scope.itemIds) : null;
    const include = (event: LedgerEvent): boolean => {
      if (items)
        return (
          (event.itemId !== null && items.has(event.itemId)) ||
          (event.itemId === null && event.caseId === scope.caseId)
        );
      if (scope.caseId !== undefined) return event.caseId === scope.caseId;
      return true;
    };
    return formatSegment(
      {
        caseId: scope.caseId ?? null,
        itemIds: scope.itemIds ? [...scope.itemIds] : null,
        exportedAt: this.#deps.clock.now().toISOString(),
        exportedBy: actor,
        keyId: this.#deps.signer.keyId,
        publicKey: this.#deps.signer.publicKeyPem,
      },
      await this.#allEvents(ledger),
      include,
      await ledger.signedHead(),
    );
  }

  async events(filter: { caseId?: string; itemId?: string } = {}): Promise<LedgerEvent[]> {
    const ledger = this.#deps.store.ledger;
    return filter.caseId || filter.itemId ? ledger.listFor(filter) : this.#allEvents(ledger);
  }

  async #allEvents(ledger: LedgerRepository): Promise<LedgerEvent[]> {
    const all: LedgerEvent[] = [];
    // Paged, so a long ledger is read in bounded steps.
    for (let from = 1; ;) {
      const page = await ledger.list({ fromSeq: from, limit: 5000 });
      all.push(...page);
      const last = page.at(-1);
      if (page.length < 5000 || !last) return all;
      from = last.seq + 1;
    }
  }

  #signHead(event: LedgerEvent): SignedHead {
    const signature = this.#deps.signer.sign(headStatement(event.seq, event.hash));
    return {
      seq: event.seq,
      hash: event.hash,
      signature: Buffer.from(signature).toString('base64'),
      keyId: this.#deps.signer.keyId,
    };
  }
}
