/**
 * @module Reads what an assessment needs from a trainee's sealed package: the offline
 * verification report (hashes, signature, timestamp), the captured items with their URLs,
 * capture times, HTTP status, structured post data and provenance (R3), and the legal bases.
 */
import path from 'node:path';
import { verifyPackage } from '../../package/index.js';
import type { VerifyResult } from '../../package/index.js';
import { readEntryBytes, readZipDirectory } from '../../package/zip-reader.js';

export interface SubmittedItem {
  readonly id: string;
  /** The URL as requested. */
  readonly url: string;
  /** Origin-relative path (`/p/abc`), compared with the ground truth. */
  readonly path: string;
  readonly collectedAt: string | null;
  readonly collectedBy: string | null;
  readonly status: number | null;
  readonly removed: boolean;
  readonly legalBasisId: string | null;
  readonly structured: Record<string, string>;
  readonly provenance: Record<string, unknown> | null;
  readonly package: string;
}

export interface SubmittedBasis {
  readonly id: string;
  readonly fields: Record<string, unknown>;
}

export interface SubmittedPackage {
  readonly file: string;
  readonly name: string;
  readonly verify: VerifyResult | null;
  /** Why the package could not be read at all, if so. */
  readonly unreadable: string | null;
  readonly items: SubmittedItem[];
  readonly legalBases: SubmittedBasis[];
}

const MAX_JSON = 16 << 20;

const str = (value: unknown, fallback: string): string =>
  typeof value === 'string' ? value : fallback;

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

const pathOf = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
};

/** Reads and verifies one package; never throws for a bad package (it is scored instead). */
export async function readSubmittedPackage(file: string): Promise<SubmittedPackage> {
  const name = path.basename(file);
  let verify: VerifyResult | null = null;
  try {
    verify = await verifyPackage(file);
  } catch (error) {
    return {
      file,
      name,
      verify: null,
      unreadable: (error as Error).message,
      items: [],
      legalBases: [],
    };
  }
  try {
    const directory = await readZipDirectory(file);
    const json = async (entryName: string): Promise<unknown> => {
      const entry = directory.byName.get(entryName);
      if (entry === undefined) return undefined;
      return JSON.parse((await readEntryBytes(file, entry, MAX_JSON)).toString('utf8')) as unknown;
    };
    const datapackage = asRecord(await json('datapackage.json'));
    const vigil = asRecord(datapackage.vigil);
    const provenance = Array.isArray(vigil.provenance) ? (vigil.provenance as unknown[]) : [];
    const rawItems = Array.isArray(vigil.items) ? (vigil.items as unknown[]) : [];
    const items: SubmittedItem[] = [];
    for (const [index, raw] of rawItems.entries()) {
      const item = asRecord(raw);
      const id = str(item.id, `item-${index}`);
      const view = asRecord(await json(`vigil/items/${id}.json`));
      const metadata = asRecord(view.metadata);
      const structured = asRecord(asRecord(metadata.structured).fields);
      const url = str(item.url, str(view.sourceUrl, ''));
      items.push({
        id,
        url,
        path: pathOf(url),
        collectedAt: typeof item.collectedAt === 'string' ? item.collectedAt : null,
        collectedBy: typeof item.collectedBy === 'string' ? item.collectedBy : null,
        status: typeof metadata.status === 'number' ? metadata.status : null,
        removed: metadata.removed === true || asRecord(metadata.structured).removed === true,
        legalBasisId: typeof view.legalBasisId === 'string' ? view.legalBasisId : null,
        structured: Object.fromEntries(
          Object.entries(structured).filter((e): e is [string, string] => typeof e[1] === 'string'),
        ),
        provenance:
          provenance[index] !== null && typeof provenance[index] === 'object'
            ? asRecord(provenance[index])
            : metadata.provenance !== undefined
              ? asRecord(metadata.provenance)
              : null,
        package: name,
      });
    }
    const legalBases = (Array.isArray(vigil.legalBasis) ? (vigil.legalBasis as unknown[]) : []).map(
      (b) => {
        const basis = asRecord(b);
        return { id: str(basis.id, ''), fields: basis };
      },
    );
    return { file, name, verify, unreadable: null, items, legalBases };
  } catch (error) {
    return { file, name, verify, unreadable: (error as Error).message, items: [], legalBases: [] };
  }
}
