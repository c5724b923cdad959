/**
 * @module The hash list of the range's "known propaganda" set, in the CSV format the triage
 * hash-list import reads: header `type,value,labels`, labels separated by `;`. Each known image
 * gets a `sha256` row and a `pdq` row (PDQ from src/triage/hashing). Trainer/tool data: never
 * served by the range.
 */
import { createHash } from 'node:crypto';
import { pdqFromImage } from '../../triage/hashing/image-hash.js';
import type { MediaStore } from './media-render.js';

export interface HashListRow {
  type: 'sha256' | 'pdq';
  value: string;
  labels: string[];
}

/** Rows for every known-propaganda image of the store's corpus, in corpus order. */
export async function knownHashRows(store: MediaStore): Promise<HashListRow[]> {
  const rows: HashListRow[] = [];
  for (const item of store.corpus.media) {
    if (!item.truth.knownPropaganda) continue;
    const bytes = await store.bytes(item.id);
    const labels = [
      'vigil-range',
      'synthetic',
      'propaganda',
      `group:${item.truth.group ?? 'unknown'}`,
      `media:${item.url}`,
    ];
    rows.push({ type: 'sha256', value: createHash('sha256').update(bytes).digest('hex'), labels });
    const pdq = await pdqFromImage(bytes);
    rows.push({ type: 'pdq', value: pdq.hash, labels });
  }
  return rows;
}

/** CSV (RFC 4180; no field needs quoting: hex values, labels without commas). */
export function hashListCsv(rows: readonly HashListRow[]): string {
  return (
    ['type,value,labels', ...rows.map((r) => `${r.type},${r.value},${r.labels.join(';')}`)].join(
      '\n',
    ) + '\n'
  );
}
