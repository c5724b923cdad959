/**
 * @module The record of processing activities (LED Art. 24) and the facts a data-protection
 * impact assessment starts from (Art. 27), generated from what Vigil actually holds and did (R16).
 */
import type { Clock } from '../core/clock.js';
import type { Ledger } from '../custody/ledger.js';
import type { MetadataStore } from '../evidence/ports.js';

export interface RecordsOfProcessing {
  readonly title: 'Record of processing activities (Directive (EU) 2016/680, Art. 24)';
  readonly generatedAt: string;
  readonly controller: { readonly installationKey: string };
  readonly purposes: readonly {
    caseId: string;
    title: string;
    workspace: string;
    purpose: string;
    authority: string;
    reference: string;
    validFrom: string;
    validUntil: string;
  }[];
  readonly categoriesOfData: readonly { category: string; description: string; count: number }[];
  readonly categoriesOfDataSubjects: readonly string[];
  readonly recipients: readonly { recipient: string; disclosures: number; last: string }[];
  readonly retention: readonly {
    caseId: string;
    reviewAt: string | null;
    expiresAt: string | null;
    legalHold: boolean;
    erasedItems: number;
  }[];
  readonly transfersToThirdCountries: readonly string[];
  readonly logging: { readonly events: number; readonly operations: Record<string, number> };
  readonly securityMeasures: readonly string[];
}

const SUBJECTS = [
  'persons whose online content or accounts are collected in an authorised case (suspects, persons convicted, victims, witnesses, other parties such as bystanders; LED Art. 6)',
  'investigators, analysts and other users of Vigil (names in the custody ledger)',
];

const MEASURES = [
  'SHA-256 and MD5 of every collected byte at collection; re-verification on every access (R4)',
  'write-once, content-addressed evidentiary copies (R5)',
  'append-only, hash-chained custody ledger with an Ed25519-signed head (R8)',
  'collection only under a legal basis valid at that moment; refusals logged (R1)',
  'role-based access with case membership; new items visible to case members only (R13, R15)',
  'argon2id password hashes, hashed API tokens, HttpOnly SameSite=Strict sessions with CSRF tokens',
  'evidence packages signed with Ed25519 and timestamped under RFC 3161',
  'retention review dates, expiry with erasure and tombstones, legal holds (R12)',
];

export async function recordsOfProcessing(deps: {
  store: MetadataStore;
  ledger: Ledger;
  clock: Clock;
  keyId: string;
}): Promise<RecordsOfProcessing> {
  const cases = await deps.store.cases.list();
  const purposes = [];
  const retention = [];
  const counts = new Map<string, number>();
  for (const kase of cases) {
    for (const basis of await deps.store.cases.bases(kase.id)) {
      purposes.push({
        caseId: kase.id,
        title: kase.title,
        workspace: kase.workspace,
        purpose: basis.purpose,
        authority: basis.authority,
        reference: basis.reference,
        validFrom: basis.validFrom,
        validUntil: basis.validUntil,
      });
    }
    const items = await deps.store.items.listByCase(kase.id);
    for (const item of items) {
      const key =
        item.kind === 'capture'
          ? 'captured web content'
          : item.mediaType.split('/')[0] === 'image'
            ? 'images'
            : item.mediaType.split('/')[0] === 'video'
              ? 'video'
              : 'other files';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    retention.push({
      caseId: kase.id,
      reviewAt: kase.reviewAt,
      expiresAt: kase.expiresAt,
      legalHold: kase.legalHold,
      erasedItems: items.filter((item) => item.erasedAt).length,
    });
  }
  const events = await deps.ledger.events();
  const operations: Record<string, number> = {};
  const recipients = new Map<string, { disclosures: number; last: string }>();
  for (const event of events) {
    operations[event.action] = (operations[event.action] ?? 0) + 1;
    const recipient = event.data.recipient;
    if (event.action === 'disclosure' && typeof recipient === 'string') {
      const seen = recipients.get(recipient) ?? { disclosures: 0, last: event.time };
      recipients.set(recipient, { disclosures: seen.disclosures + 1, last: event.time });
    }
  }
  const describe: Record<string, string> = {
    'captured web content':
      'web pages, posts, profiles and channels with their media, screenshots and provenance',
    images: 'image files ingested as evidence, with embedded metadata',
    video: 'video files ingested as evidence',
    'other files': 'other files ingested as evidence (documents, exports, archives)',
  };
  return {
    title: 'Record of processing activities (Directive (EU) 2016/680, Art. 24)',
    generatedAt: deps.clock.now().toISOString(),
    controller: { installationKey: deps.keyId },
    purposes,
    categoriesOfData: [...counts].sort().map(([category, count]) => ({
      category,
      description: describe[category] ?? category,
      count,
    })),
    categoriesOfDataSubjects: SUBJECTS,
    recipients: [...recipients].sort().map(([recipient, facts]) => ({ recipient, ...facts })),
    retention,
    transfersToThirdCountries: [],
    logging: { events: events.length, operations },
    securityMeasures: MEASURES,
  };
}
