/**
 * @module Offline verification of a Vigil evidence package, with no store and no network: ZIP
 * structure, every file against datapackage.json, every WARC record's digests, the CDXJ index,
 * the seal (digest, Ed25519 signatures, RFC 3161 tokens) and the custody-ledger segment.
 * Returns a report; never prints.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type * as pkijs from 'pkijs';
import { canonicalize } from '../core/jcs.js';
import { notFound } from '../core/errors.js';
import { keyFingerprint, verifyLedgerSegment } from '../custody/segment.js';
import { parseCdxj } from './cdxj.js';
import type { CdxjEntry } from './cdxj.js';
import { PACKAGE_PATHS } from './package-writer.js';
import { sealSigningBytes, verifyEd25519 } from './seal.js';
import type { DigestFile } from './seal.js';
import { certificatesFromPem } from './tsp-asn1.js';
import { verifyToken } from './timestamp-verify.js';
import type { TokenVerification } from './timestamp-verify.js';
import {
  checkIndex,
  hashEntry,
  isWarcName,
  unindexedRecords,
  verifyWarcEntry,
} from './verify-archive.js';
import type { WarcEntryResult } from './verify-archive.js';
import { EntryWorker } from './entry-worker.js';
import { exportTimestamps } from './verify-export.js';
import { ZipStructureError, readEntryBytes, readZipDirectory } from './zip-reader.js';
import type { ZipDirectory, ZipEntry } from './zip-reader.js';

/** The checks, in the order they are reported. */
export const CHECK_NAMES = [
  'zip-structure',
  'datapackage',
  'digest',
  'signature',
  'seal',
  'timestamp',
  'files',
  'warc-records',
  'index',
  'pages',
  'ledger',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** `not-timestamped` is its own status: not a failure of integrity, never silent. */
export const CHECK_STATUSES = ['passed', 'failed', 'not-timestamped'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface VerifyCheck {
  readonly name: CheckName;
  readonly ok: boolean;
  readonly status: CheckStatus;
  readonly detail: string;
  /** The package file the failure is in. */
  readonly file?: string;
  /** The WARC record (WARC-Record-ID) or CDXJ line the failure is in. */
  readonly record?: string;
}

export interface TimestampReport {
  readonly time: string | null;
  readonly tsa: string | null;
  readonly url: string;
  readonly ok: boolean;
  readonly serial: string | null;
  readonly anchor: 'given' | 'embedded' | null;
  readonly reason?: string;
}

export interface VerifyResult {
  /** True when every integrity check passed (see `timestamped` for trusted time). */
  readonly ok: boolean;
  /** One line for people: what holds, and what does not. */
  readonly verdict: string;
  readonly file: string;
  readonly checks: VerifyCheck[];
  readonly firstFailure: VerifyCheck | null;
  readonly timestamped: boolean;
  readonly signedBy: { readonly keyId: string; readonly fingerprint: string } | null;
  readonly timestamps: TimestampReport[];
  readonly files: number;
  readonly records: number;
  /** Files written by `exportTsrDir`. */
  readonly exported: string[];
}

export interface VerifyOptions {
  /** Trusted TSA certificates: PEM texts or paths to PEM files (`--tsa-cert`). */
  tsaCerts?: readonly string[];
  /** Write datapackage.json, N.tsr and N-chain.pem here for `openssl ts -verify`. */
  exportTsrDir?: string;
}

const MAX_JSON_BYTES = 64 << 20;
const MAX_TEXT_BYTES = 512 << 20;

const pass = (name: CheckName, detail: string): VerifyCheck => ({
  name,
  ok: true,
  status: 'passed',
  detail,
});
const failed = (
  name: CheckName,
  detail: string,
  where: { file?: string; record?: string } = {},
): VerifyCheck => ({
  name,
  ok: false,
  status: 'failed',
  detail,
  ...where,
});

function loadTrusted(sources: readonly string[]): pkijs.Certificate[] {
  return sources.flatMap((source) => {
    const text = source.includes('-----BEGIN') ? source : fs.readFileSync(source, 'utf8');
    const certificates = certificatesFromPem(text);
    if (certificates.length === 0)
      throw notFound(
        `no certificate in ${source.includes('-----BEGIN') ? 'the given PEM' : source}`,
      );
    return certificates;
  });
}

function summarise(
  file: string,
  checks: VerifyCheck[],
  extra: Omit<VerifyResult, 'ok' | 'verdict' | 'file' | 'checks' | 'firstFailure'>,
): VerifyResult {
  const ordered = [...checks].sort(
    (a, b) => CHECK_NAMES.indexOf(a.name) - CHECK_NAMES.indexOf(b.name),
  );
  const firstFailure = ordered.find((check) => !check.ok) ?? null;
  const ok = firstFailure === null;
  const where = firstFailure
    ? [firstFailure.file, firstFailure.record].filter(Boolean).join(', ')
    : '';
  const verdict = ok
    ? extra.timestamped
      ? `VERIFIED: every file, record, signature and timestamp checks out`
      : `VERIFIED, NOT TIMESTAMPED: integrity and signature check out, but the package carries no trusted time`
    : `FAILED: ${firstFailure.name}${where ? ` (${where})` : ''}: ${firstFailure.detail}`;
  return { ok, verdict, file, checks: ordered, firstFailure, ...extra };
}

/**
 * Verifies a package offline.
 *
 * @example
 * const report = await verifyPackage('case-12.wacz', { tsaCerts: ['tsa-root.pem'] });
 * if (!report.ok) console.error(report.verdict);
 */
export async function verifyPackage(
  file: string,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  if (!fs.existsSync(file)) throw notFound(`${file} does not exist`);
  const trusted = loadTrusted(options.tsaCerts ?? []);
  const checks: VerifyCheck[] = [];
  const empty = {
    timestamped: false,
    signedBy: null,
    timestamps: [],
    files: 0,
    records: 0,
    exported: [],
  };
  let directory: ZipDirectory;
  try {
    directory = await readZipDirectory(file);
  } catch (error) {
    if (!(error instanceof ZipStructureError)) throw error;
    checks.push(
      failed(
        'zip-structure',
        `refused: ${error.message}`,
        error.entry ? { file: error.entry } : {},
      ),
    );
    return summarise(file, checks, empty);
  }
  checks.push(
    pass(
      'zip-structure',
      `${directory.entries.length} entries; names, sizes, ratios and offsets are sound`,
    ),
  );

  const readJson = async (
    name: string,
  ): Promise<{ bytes: Buffer; value: unknown } | VerifyCheck> => {
    const entry = directory.byName.get(name);
    if (!entry)
      return failed(
        name === PACKAGE_PATHS.digest ? 'digest' : 'datapackage',
        `${name} is missing`,
        { file: name },
      );
    try {
      const bytes = await readEntryBytes(file, entry, MAX_JSON_BYTES);
      return { bytes, value: JSON.parse(bytes.toString('utf8')) as unknown };
    } catch (error) {
      return failed(
        name === PACKAGE_PATHS.digest ? 'digest' : 'datapackage',
        `${name} cannot be read as JSON: ${(error as Error).message}`,
        { file: name },
      );
    }
  };
  const datapackage = await readJson(PACKAGE_PATHS.datapackage);
  const digestJson = await readJson(PACKAGE_PATHS.digest);
  if ('name' in datapackage) checks.push(datapackage);
  if ('name' in digestJson) checks.push(digestJson);
  if ('name' in datapackage || 'name' in digestJson) return summarise(file, checks, empty);

  // ---- the seal: digest, signatures, timestamps ------------------------------------------
  const dpBytes = datapackage.bytes;
  const digest = createHash('sha256').update(dpBytes).digest();
  const digestLabel = `sha256:${digest.toString('hex')}`;
  const seal = digestJson.value as Partial<DigestFile>;
  const vigil = seal.vigil;
  let signedBy: VerifyResult['signedBy'] = null;
  let timestamps: TimestampReport[] = [];
  let timestamped = false;
  const exported: string[] = [];
  if (!Buffer.from(`${canonicalize(seal)}\n`).equals(digestJson.bytes)) {
    checks.push(
      failed(
        'digest',
        'datapackage-digest.json is not in the canonical form Vigil writes (RFC 8785): it was edited',
        { file: PACKAGE_PATHS.digest },
      ),
    );
  } else if (
    seal.path !== PACKAGE_PATHS.datapackage ||
    seal.hash !== digestLabel ||
    vigil?.digest !== digestLabel
  ) {
    // Which side was edited? If the key's signature holds for the real datapackage.json, the
    // digest file is the one that lies.
    const signatureHolds = vigil?.signature
      ? verifyEd25519(vigil.signature.publicKey, digest, vigil.signature.value)
      : false;
    const culprit = signatureHolds ? PACKAGE_PATHS.digest : PACKAGE_PATHS.datapackage;
    checks.push(
      failed(
        'digest',
        `datapackage.json hashes to ${digestLabel}, but datapackage-digest.json records ${String(seal.hash)}`,
        { file: culprit },
      ),
    );
  } else {
    checks.push(pass('digest', `datapackage.json is ${digestLabel}, as recorded`));
  }
  if (!vigil?.signature) {
    checks.push(
      failed('signature', 'datapackage-digest.json carries no Vigil signature', {
        file: PACKAGE_PATHS.digest,
      }),
    );
  } else {
    const signature = vigil.signature;
    let fingerprint = '';
    try {
      fingerprint = keyFingerprint(signature.publicKey);
    } catch {
      fingerprint = '';
    }
    signedBy = { keyId: signature.keyId, fingerprint };
    if (!fingerprint || fingerprint !== signature.fingerprint) {
      checks.push(
        failed('signature', 'the recorded key fingerprint is not that of the embedded public key', {
          file: PACKAGE_PATHS.digest,
        }),
      );
    } else if (!verifyEd25519(signature.publicKey, digest, signature.value)) {
      checks.push(
        failed(
          'signature',
          `the Ed25519 signature over ${digestLabel} does not verify with key ${fingerprint}`,
          { file: PACKAGE_PATHS.datapackage },
        ),
      );
    } else {
      checks.push(
        pass(
          'signature',
          `Ed25519 signature over ${digestLabel} by key ${fingerprint} (key id ${signature.keyId}); compare the fingerprint with the installation's published one`,
        ),
      );
    }
    if (
      !vigil.sealSignature ||
      !verifyEd25519(signature.publicKey, sealSigningBytes(seal as DigestFile), vigil.sealSignature)
    ) {
      checks.push(
        failed(
          'seal',
          'the seal signature over datapackage-digest.json does not verify: a token or the timestamp mark was altered, added or removed',
          { file: PACKAGE_PATHS.digest },
        ),
      );
    } else {
      checks.push(
        pass(
          'seal',
          'datapackage-digest.json (tokens and timestamp status) is signed by the same key',
        ),
      );
    }
  }
  const tokens = vigil?.timestamps ?? [];
  if (tokens.length === 0) {
    const reasons = (vigil?.timestampFailures ?? []).map((failure) => failure.error).join('; ');
    checks.push({
      name: 'timestamp',
      ok: true,
      status: 'not-timestamped',
      detail: `NOT TIMESTAMPED: the package carries no RFC 3161 token${reasons ? ` (when sealed: ${reasons})` : ''}; it proves integrity and origin, not when it existed`,
      file: PACKAGE_PATHS.digest,
    });
  } else {
    const results: TokenVerification[] = [];
    for (const token of tokens)
      results.push(await verifyToken(Buffer.from(token.token, 'base64'), dpBytes, trusted));
    timestamps = results.map((result, index) => ({
      time: result.time,
      tsa: result.tsa,
      url: tokens[index]?.tsa ?? '',
      ok: result.ok,
      serial: result.serial,
      anchor: result.anchor,
      ...(result.reason ? { reason: result.reason } : {}),
    }));
    timestamped = results.some((result) => result.ok);
    results.forEach((result, index) => {
      const label = `token ${index + 1} (${tokens[index]?.tsa ?? 'unknown TSA'})`;
      if (!result.ok)
        checks.push(
          failed('timestamp', `${label}: ${result.reason ?? 'does not verify'}`, {
            file: PACKAGE_PATHS.digest,
          }),
        );
      else if (tokens[index]?.time !== result.time)
        checks.push(
          failed(
            'timestamp',
            `${label}: the recorded time ${tokens[index]?.time} is not the token's ${result.time}`,
            { file: PACKAGE_PATHS.digest },
          ),
        );
      else {
        const anchor =
          result.anchor === 'given'
            ? 'a given trusted certificate'
            : 'the root embedded in the token (pass --tsa-cert to pin a root)';
        checks.push(
          pass(
            'timestamp',
            `${label}: ${result.time} by ${result.tsa}, serial ${result.serial}; imprint, signature and chain to ${anchor} verified`,
          ),
        );
      }
    });
    if (options.exportTsrDir)
      exported.push(
        ...exportTimestamps(
          options.exportTsrDir,
          dpBytes,
          tokens.map((token) => token.token),
          results,
          trusted,
        ),
      );
  }
  if (options.exportTsrDir && tokens.length === 0) {
    fs.mkdirSync(options.exportTsrDir, { recursive: true });
    const target = path.join(options.exportTsrDir, 'datapackage.json');
    fs.writeFileSync(target, dpBytes);
    exported.push(target);
  }

  // ---- every file against datapackage.json ----------------------------------------------
  const manifest = datapackage.value as {
    profile?: unknown;
    wacz_version?: unknown;
    resources?: unknown;
  };
  const resources = Array.isArray(manifest.resources)
    ? (manifest.resources as { path?: unknown; hash?: unknown; bytes?: unknown }[])
    : [];
  const listed = new Map<string, { hash: string; bytes: number }>();
  const manifestProblems: string[] = [];
  if (manifest.profile !== 'data-package') manifestProblems.push('profile is not "data-package"');
  if (typeof manifest.wacz_version !== 'string') manifestProblems.push('wacz_version is missing');
  for (const resource of resources) {
    if (
      typeof resource.path !== 'string' ||
      typeof resource.hash !== 'string' ||
      typeof resource.bytes !== 'number'
    ) {
      manifestProblems.push('a resource lacks path, hash or bytes');
      continue;
    }
    if (listed.has(resource.path)) manifestProblems.push(`${resource.path} is listed twice`);
    listed.set(resource.path, { hash: resource.hash, bytes: resource.bytes });
  }
  checks.push(
    manifestProblems.length > 0
      ? failed('datapackage', manifestProblems.join('; '), { file: PACKAGE_PATHS.datapackage })
      : pass(
          'datapackage',
          `WACZ ${String(manifest.wacz_version)}, ${listed.size} resources listed`,
        ),
  );

  const fileProblems: { file: string; reason: string }[] = [];
  for (const entry of directory.entries) {
    if (
      entry.name !== PACKAGE_PATHS.datapackage &&
      entry.name !== PACKAGE_PATHS.digest &&
      !listed.has(entry.name)
    ) {
      fileProblems.push({
        file: entry.name,
        reason: 'is in the ZIP but not listed in datapackage.json',
      });
    }
  }
  for (const name of listed.keys()) {
    if (!directory.byName.has(name))
      fileProblems.push({
        file: name,
        reason: 'is listed in datapackage.json but missing from the ZIP',
      });
  }
  const warcs = new Map<string, { entry: ZipEntry; result: WarcEntryResult }>();
  const texts = new Map<string, Buffer>();
  const keepText = new Set<string>([
    PACKAGE_PATHS.index,
    PACKAGE_PATHS.pages,
    PACKAGE_PATHS.ledger,
  ]);
  const ordered = [...directory.entries]
    .filter((entry) => listed.has(entry.name))
    .sort((a, b) => a.dataOffset - b.dataOffset);
  // One worker thread reads and hashes stored WARC entries while this thread checks their records.
  const worker = new EntryWorker();
  try {
    for (const entry of ordered) {
      const expected = listed.get(entry.name)!;
      let actual: { sha256: string; size: number };
      try {
        if (isWarcName(entry.name)) {
          const result = await verifyWarcEntry(file, entry, worker);
          warcs.set(entry.name, { entry, result });
          actual = result;
        } else {
          const keep = keepText.has(entry.name) && entry.size <= MAX_TEXT_BYTES;
          const result = await hashEntry(file, entry, keep);
          if (result.bytes) texts.set(entry.name, result.bytes);
          actual = result;
        }
      } catch (error) {
        fileProblems.push({ file: entry.name, reason: (error as Error).message });
        continue;
      }
      if (`sha256:${actual.sha256}` !== expected.hash || actual.size !== expected.bytes) {
        fileProblems.push({
          file: entry.name,
          reason: `is sha256:${actual.sha256} (${actual.size} bytes); datapackage.json lists ${expected.hash} (${expected.bytes} bytes)`,
        });
      }
    }
  } finally {
    await worker.close();
  }
  const firstFile = fileProblems[0];
  checks.push(
    firstFile
      ? failed(
          'files',
          fileProblems.map((problem) => `${problem.file} ${problem.reason}`).join('; '),
          { file: firstFile.file },
        )
      : pass('files', `${ordered.length} files match their SHA-256 and size in datapackage.json`),
  );

  // ---- WARC records ------------------------------------------------------------------------
  let recordCount = 0;
  const recordProblems: { file: string; record: string; reason: string }[] = [];
  for (const [name, { result }] of warcs) {
    recordCount += result.records.length;
    for (const problem of result.problems) {
      recordProblems.push({
        file: name,
        record: problem.recordId ?? `offset ${problem.offset}`,
        reason: problem.reason,
      });
    }
  }
  const firstRecord = recordProblems[0];
  if (warcs.size === 0)
    checks.push(
      failed('warc-records', 'the package holds no WARC file in archive/', { file: 'archive/' }),
    );
  else if (firstRecord) {
    checks.push(
      failed(
        'warc-records',
        `${recordProblems.length} record problem(s); first: ${firstRecord.record} in ${firstRecord.file}: ${firstRecord.reason}`,
        { file: firstRecord.file, record: firstRecord.record },
      ),
    );
  } else {
    checks.push(
      pass(
        'warc-records',
        `${recordCount} records in ${warcs.size} WARC file(s); every WARC-Payload-Digest and WARC-Block-Digest recomputed and matched`,
      ),
    );
  }

  // ---- index ---------------------------------------------------------------------------------
  const indexBytes = texts.get(PACKAGE_PATHS.index);
  if (!indexBytes) {
    checks.push(
      failed('index', `${PACKAGE_PATHS.index} is missing or unreadable`, {
        file: PACKAGE_PATHS.index,
      }),
    );
  } else {
    let lines: CdxjEntry[] = [];
    let problem: VerifyCheck | undefined;
    try {
      lines = parseCdxj(indexBytes.toString('utf8'));
    } catch (error) {
      problem = failed('index', (error as Error).message, { file: PACKAGE_PATHS.index });
    }
    if (!problem) {
      const pointerProblems = await checkIndex(file, lines, warcs);
      const missing = unindexedRecords(lines, warcs);
      const first = pointerProblems[0];
      if (first)
        problem = failed(
          'index',
          `line ${first.line}: ${first.reason}${pointerProblems.length > 1 ? ` (and ${pointerProblems.length - 1} more)` : ''}`,
          { file: PACKAGE_PATHS.index, record: `line ${first.line}` },
        );
      else if (missing.length > 0)
        problem = failed(
          'index',
          `${missing.length} response record(s) are not in the index, first ${missing[0]}`,
          { file: PACKAGE_PATHS.index },
        );
    }
    checks.push(
      problem ?? pass('index', `${lines.length} CDXJ lines each point at the record they name`),
    );
  }

  // ---- pages ---------------------------------------------------------------------------------
  const pagesBytes = texts.get(PACKAGE_PATHS.pages);
  checks.push(checkPages(pagesBytes));

  // ---- ledger segment ------------------------------------------------------------------------
  const ledgerBytes = texts.get(PACKAGE_PATHS.ledger);
  if (!ledgerBytes) {
    checks.push(
      failed('ledger', `${PACKAGE_PATHS.ledger} is missing or unreadable`, {
        file: PACKAGE_PATHS.ledger,
      }),
    );
  } else {
    const ledger = verifyLedgerSegment(ledgerBytes.toString('utf8'));
    if (!ledger.ok) {
      checks.push(
        failed(
          'ledger',
          `the custody-ledger segment does not verify${ledger.firstBad === null ? '' : ` at event ${ledger.firstBad}`}: ${ledger.reason ?? 'broken chain'}`,
          {
            file: PACKAGE_PATHS.ledger,
            ...(ledger.firstBad === null ? {} : { record: `event ${ledger.firstBad}` }),
          },
        ),
      );
    } else if (signedBy && ledger.keyId !== signedBy.fingerprint) {
      checks.push(
        failed(
          'ledger',
          `the ledger segment was signed by key ${String(ledger.keyId)}, not the package key ${signedBy.fingerprint}`,
          { file: PACKAGE_PATHS.ledger },
        ),
      );
    } else {
      checks.push(
        pass(
          'ledger',
          `custody-ledger segment: ${ledger.events} events chained and hashed, ${ledger.disclosed} disclosed whole; head ${ledger.headSigned ? 'signed' : 'not signed'}`,
        ),
      );
    }
  }

  return summarise(file, checks, {
    timestamped,
    signedBy,
    timestamps,
    files: ordered.length,
    records: recordCount,
    exported,
  });
}

function checkPages(bytes: Buffer | undefined): VerifyCheck {
  if (!bytes)
    return failed('pages', `${PACKAGE_PATHS.pages} is missing or unreadable`, {
      file: PACKAGE_PATHS.pages,
    });
  const lines = bytes
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0);
  try {
    const header = JSON.parse(lines[0] ?? '') as { format?: unknown };
    if (header.format !== 'json-pages-1.0')
      return failed('pages', 'the first line is not a json-pages-1.0 header', {
        file: PACKAGE_PATHS.pages,
      });
    for (const [index, line] of lines.slice(1).entries()) {
      const page = JSON.parse(line) as { url?: unknown; ts?: unknown };
      if (typeof page.url !== 'string' || typeof page.ts !== 'string') {
        return failed('pages', `line ${index + 2} lacks url or ts`, {
          file: PACKAGE_PATHS.pages,
          record: `line ${index + 2}`,
        });
      }
    }
  } catch {
    return failed('pages', 'a line is not JSON', { file: PACKAGE_PATHS.pages });
  }
  return pass('pages', `${lines.length - 1} page(s) listed`);
}
