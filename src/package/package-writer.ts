/**
 * @module Writes a Vigil evidence package: a WACZ 1.1.1 file (archive/, indexes/index.cdxj,
 * pages/pages.jsonl, datapackage.json) plus Vigil's seal in datapackage-digest.json and the
 * custody-ledger segment. Streams every file once into the ZIP, hashing on the way; memory does
 * not grow with the size of the WARC files.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import { conflict, invalidInput, notFound } from '../core/errors.js';
import { indexWarc, sortCdxj } from './cdxj.js';
import { buildDigestFile, serialiseDigestFile } from './seal.js';
import type { PackageSigner, SealTimestamp } from './seal.js';
import { requestTimestamp } from './tsa-client.js';
import { checkEntryName } from './zip-reader.js';
import { ZipWriter } from './zip-writer.js';
import type { ZipEntryResult } from './zip-writer.js';

/** Fixed paths inside every package. */
export const PACKAGE_PATHS = {
  datapackage: 'datapackage.json',
  digest: 'datapackage-digest.json',
  index: 'indexes/index.cdxj',
  pages: 'pages/pages.jsonl',
  ledger: 'vigil/ledger.jsonl',
  archiveDir: 'archive/',
} as const;

export const WACZ_VERSION = '1.1.1';

/** A page listed in pages/pages.jsonl (WACZ 1.1.1 §pages). */
export interface PackagePage {
  readonly url: string;
  /** ISO 8601 capture time. */
  readonly ts: string;
  readonly title?: string;
  readonly id?: string;
}

/** A file added beside the WARC files, e.g. structured data from a site profile. */
export interface PackageExtraFile {
  /** Path inside the package; must not collide with the fixed WACZ paths. */
  readonly path: string;
  readonly file?: string;
  readonly data?: Uint8Array | string;
}

/** Vigil's own metadata, stored under `vigil` in datapackage.json. */
export interface VigilPackageMetadata {
  readonly case: unknown;
  readonly legalBasis: unknown;
  readonly items: readonly unknown[];
  readonly provenance?: unknown;
  readonly [key: string]: unknown;
}

export interface WritePackageOptions {
  /** The package to create; it must not exist yet. */
  out: string;
  /** `.warc.gz` (one gzip member per record) or `.warc` files; stored as archive/<basename>. */
  warcFiles: readonly string[];
  /** Pages; when omitted, the first HTML 200 response of the index. */
  pages?: readonly PackagePage[];
  extraFiles?: readonly PackageExtraFile[];
  vigilMetadata: VigilPackageMetadata;
  /** The custody-ledger segment of the packaged items (JSONL text). */
  ledgerSegment: string;
  signer: PackageSigner;
  tsaUrls: readonly string[];
  clock?: Clock;
  /** `software` in datapackage.json, e.g. `Vigil 0.1.0`. */
  software?: string;
  title?: string;
  tsaTimeoutMs?: number;
  fetch?: typeof fetch;
}

export interface PackageResource {
  readonly name: string;
  readonly path: string;
  readonly hash: string;
  readonly bytes: number;
}

export interface WritePackageResult {
  readonly path: string;
  /** SHA-256 of the whole package file, hex. */
  readonly sha256: string;
  readonly size: number;
  /** SHA-256 of datapackage.json's exact bytes: what is signed and timestamped. */
  readonly datapackageSha256: string;
  readonly timestamped: boolean;
  readonly status: 'timestamped' | 'not timestamped';
  readonly timestamps: readonly Omit<SealTimestamp, 'token'>[];
  readonly timestampFailures: readonly { tsa: string; error: string }[];
  readonly resources: readonly PackageResource[];
  /** Records indexed in indexes/index.cdxj. */
  readonly indexedRecords: number;
}

const RESERVED = new Set<string>([
  PACKAGE_PATHS.datapackage,
  PACKAGE_PATHS.digest,
  PACKAGE_PATHS.index,
  PACKAGE_PATHS.pages,
  PACKAGE_PATHS.ledger,
]);

/** WACZ 1.1.1 §datapackage: a resource `name` is a lower-case, path-free identifier. */
function resourceNames(paths: readonly string[]): string[] {
  const base = paths.map((entry) =>
    path.posix
      .basename(entry)
      .toLowerCase()
      .replace(/[^a-z0-9._-]/g, '-'),
  );
  return base.map((name, index) =>
    base.indexOf(name) === base.lastIndexOf(name)
      ? name
      : paths[index]!.toLowerCase().replace(/[^a-z0-9._-]/g, '-'),
  );
}

function cdxTimestampToIso(timestamp: string): string {
  const digits = timestamp.padEnd(14, '0');
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}T${digits.slice(8, 10)}:${digits.slice(10, 12)}:${digits.slice(12, 14)}Z`;
}

/** The first HTML 200 response of the index, as a page, when the caller named none. */
function defaultPages(lines: readonly string[]): PackagePage[] {
  for (const line of lines) {
    const [, timestamp = '', ...rest] = line.split(' ');
    try {
      const data = JSON.parse(rest.join(' ')) as { url?: string; mime?: string; status?: string };
      if (data.url && String(data.status) === '200' && (data.mime ?? '').startsWith('text/html')) {
        return [{ url: data.url, ts: cdxTimestampToIso(timestamp) }];
      }
    } catch {
      continue;
    }
  }
  return [];
}

async function* fileChunks(file: string): AsyncGenerator<Buffer> {
  for await (const chunk of fs.createReadStream(file, {
    highWaterMark: 4 << 20,
  }) as AsyncIterable<Buffer>)
    yield chunk;
}

/**
 * Writes the package, seals it and renames it into place. If no TSA answers, the package is
 * still written, sealed, and marked "not timestamped" in datapackage-digest.json and in the
 * result; the caller shows that mark wherever the package is shown.
 *
 * @example
 * const result = await writePackage({ out, warcFiles: [warc], vigilMetadata, ledgerSegment,
 *   signer, tsaUrls: config.tsaUrls });
 * if (!result.timestamped) console.warn('package NOT TIMESTAMPED');
 */
export async function writePackage(options: WritePackageOptions): Promise<WritePackageResult> {
  const clock = options.clock ?? systemClock;
  const out = path.resolve(options.out);
  if (fs.existsSync(out))
    throw conflict(`${out} already exists`, {
      hint: 'choose another --out; packages are never overwritten',
    });
  if (options.warcFiles.length === 0) throw invalidInput('a package needs at least one WARC file');
  const archiveNames = options.warcFiles.map(
    (file) => `${PACKAGE_PATHS.archiveDir}${path.basename(file)}`,
  );
  for (const [index, file] of options.warcFiles.entries()) {
    if (!fs.existsSync(file)) throw notFound(`WARC file ${file} does not exist`);
    if (!/\.warc(\.gz)?$/.test(file)) throw invalidInput(`${file} is not a .warc or .warc.gz file`);
    if (archiveNames.indexOf(archiveNames[index]!) !== index) {
      throw invalidInput(`two WARC files are named ${path.basename(file)}`, {
        hint: 'give every WARC file a unique name',
      });
    }
  }
  const extras = options.extraFiles ?? [];
  for (const extra of extras) {
    const problem = checkEntryName(extra.path);
    if (problem) throw invalidInput(problem);
    if (RESERVED.has(extra.path) || extra.path.startsWith(PACKAGE_PATHS.archiveDir)) {
      throw invalidInput(`extra file path ${extra.path} is reserved by the package layout`);
    }
    if ((extra.file === undefined) === (extra.data === undefined)) {
      throw invalidInput(`extra file ${extra.path} needs exactly one of file or data`);
    }
  }
  const created = clock.now();

  // Pass 1 over each WARC: index with warcio and hash (for the ZIP header's CRC-32).
  const indexed = [];
  for (const [index, file] of options.warcFiles.entries()) {
    indexed.push(await indexWarc(file, path.basename(archiveNames[index]!)));
  }
  const cdxLines = sortCdxj(indexed.flatMap((entry) => entry.lines));
  const pages = options.pages ?? defaultPages(cdxLines);
  const pagesText =
    [
      JSON.stringify({ format: 'json-pages-1.0', id: 'pages', title: 'All Pages' }),
      ...pages.map((page) =>
        JSON.stringify({
          id:
            page.id ??
            createHash('sha256').update(`${page.url} ${page.ts}`).digest('hex').slice(0, 32),
          url: page.url,
          ts: page.ts,
          ...(page.title === undefined ? {} : { title: page.title }),
        }),
      ),
    ].join('\n') + '\n';

  const temp = path.join(
    path.dirname(out),
    `.${path.basename(out)}.${randomBytes(6).toString('hex')}.partial`,
  );
  const zip = await ZipWriter.open(temp, created);
  try {
    const written: { path: string; entry: ZipEntryResult }[] = [];
    for (const [index, file] of options.warcFiles.entries()) {
      const info = indexed[index]!;
      const name = archiveNames[index]!;
      written.push({
        path: name,
        entry: await zip.addStream(name, info.size, info.crc32, fileChunks(file)),
      });
    }
    const addText = async (name: string, text: string | Uint8Array): Promise<void> => {
      const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
      written.push({ path: name, entry: await zip.addBytes(name, bytes) });
    };
    await addText(PACKAGE_PATHS.index, cdxLines.length > 0 ? `${cdxLines.join('\n')}\n` : '');
    await addText(PACKAGE_PATHS.pages, pagesText);
    for (const extra of extras) {
      if (extra.data !== undefined) {
        await addText(extra.path, extra.data);
      } else {
        const file = extra.file!;
        const stat = await fs.promises.stat(file);
        let crc = 0;
        for await (const chunk of fileChunks(file)) crc = zlib.crc32(chunk, crc);
        written.push({
          path: extra.path,
          entry: await zip.addStream(extra.path, stat.size, crc, fileChunks(file)),
        });
      }
    }
    await addText(PACKAGE_PATHS.ledger, options.ledgerSegment);

    const names = resourceNames(written.map((entry) => entry.path));
    const resources: PackageResource[] = written.map((entry, index) => ({
      name: names[index]!,
      path: entry.path,
      hash: `sha256:${entry.entry.sha256}`,
      bytes: entry.entry.size,
    }));
    const datapackage = {
      profile: 'data-package',
      wacz_version: WACZ_VERSION,
      ...(options.title ? { title: options.title } : {}),
      created: created.toISOString(),
      software: options.software ?? 'Vigil',
      ...(pages[0] ? { mainPageUrl: pages[0].url, mainPageDate: pages[0].ts } : {}),
      resources,
      vigil: {
        format: 'vigil-evidence-package',
        formatVersion: 1,
        ...options.vigilMetadata,
        ledger: PACKAGE_PATHS.ledger,
      },
    };
    const datapackageBytes = Buffer.from(`${JSON.stringify(datapackage, null, 2)}\n`, 'utf8');
    const digest = createHash('sha256').update(datapackageBytes).digest();
    await zip.addBytes(PACKAGE_PATHS.datapackage, datapackageBytes);

    const { tokens, failures } =
      options.tsaUrls.length > 0
        ? await requestTimestamp({
            urls: options.tsaUrls,
            data: datapackageBytes,
            ...(options.tsaTimeoutMs === undefined ? {} : { timeoutMs: options.tsaTimeoutMs }),
            ...(options.fetch ? { fetch: options.fetch } : {}),
          })
        : {
            tokens: [],
            failures: [{ tsa: '(none configured)', error: 'no TSA URL is configured' }],
          };
    const timestamps: SealTimestamp[] = tokens.map((token) => ({
      tsa: token.tsa,
      time: token.time,
      serial: token.serial,
      policy: token.policy,
      token: token.token.toString('base64'),
    }));
    const digestFile = buildDigestFile({
      digest,
      signer: options.signer,
      timestamps,
      failures,
      sealedAt: clock.now(),
    });
    await zip.addBytes(PACKAGE_PATHS.digest, serialiseDigestFile(digestFile));
    const { size, sha256 } = await zip.finish();
    fs.renameSync(temp, out);
    return {
      path: out,
      sha256,
      size,
      datapackageSha256: digest.toString('hex'),
      timestamped: timestamps.length > 0,
      status: digestFile.vigil.status,
      timestamps: timestamps.map(({ token: _token, ...rest }) => rest),
      timestampFailures: failures,
      resources,
      indexedRecords: indexed.reduce((sum, entry) => sum + entry.records, 0),
    };
  } catch (error) {
    zip.abort();
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
