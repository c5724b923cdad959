import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDXIndexer, WARCParser } from 'warcio';
import { ManualClock } from '../core/clock.js';
import { startTsaServer, tsaInit } from './tsa-authority.js';
import type { TsaServer } from './tsa-authority.js';
import { writePackage } from './package-writer.js';
import type { WritePackageOptions } from './package-writer.js';
import { verifyPackage } from './package-verify.js';
import { flipByte, makeSegment, makeSigner, writeWarc } from './test-support.js';
import { readZipDirectory, readEntryBytes } from './zip-reader.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-package-'));
const tsaDir = path.join(work, 'tsa');
const signer = makeSigner();
const clock = new ManualClock('2026-03-01T12:00:00Z');
let tsa: TsaServer;
let counter = 0;

const exchanges = [
  {
    url: 'https://example.org/post/1',
    body: '<html><head><title>Post</title></head><body>مرحبا — اردو</body></html>',
  },
  {
    url: 'https://example.org/api/feed.json',
    body: '{"posts":[1,2,3]}',
    contentType: 'application/json',
  },
  {
    url: 'https://cdn.example.org/img.png',
    body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9, 9, 9]),
    contentType: 'image/png',
  },
];

async function build(overrides: Partial<WritePackageOptions> = {}, warcExchanges = exchanges) {
  counter += 1;
  const dir = path.join(work, `p${counter}`);
  fs.mkdirSync(dir);
  const warc = path.join(dir, 'capture.warc.gz');
  await writeWarc(warc, warcExchanges);
  return writePackage({
    out: path.join(dir, 'item.wacz'),
    warcFiles: [warc],
    pages: [{ url: 'https://example.org/post/1', ts: '2026-01-01T10:00:00Z', title: 'Post' }],
    extraFiles: [{ path: 'vigil/structured/post.json', data: '{"author":"@someone"}' }],
    vigilMetadata: {
      case: { id: 'C-1' },
      legalBasis: { reference: 'Warrant 2026/17' },
      items: [{ id: 'I-1' }],
      provenance: { collector: 'ana' },
    },
    ledgerSegment: makeSegment(signer),
    signer,
    tsaUrls: [tsa.url],
    clock,
    software: 'Vigil test',
    ...overrides,
  });
}

beforeAll(async () => {
  await tsaInit(tsaDir, { clock });
  tsa = await startTsaServer({ dir: tsaDir, port: 0, clock });
});

afterAll(async () => {
  await tsa.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('writePackage + verifyPackage', () => {
  it('writes a WACZ 1.1.1 package that verifies offline, with its index built by warcio', async () => {
    const result = await build();
    expect(result.timestamped).toBe(true);
    expect(result.status).toBe('timestamped');
    const directory = await readZipDirectory(result.path);
    const names = directory.entries.map((entry) => entry.name);
    expect(names).toEqual([
      'archive/capture.warc.gz',
      'indexes/index.cdxj',
      'pages/pages.jsonl',
      'vigil/structured/post.json',
      'vigil/ledger.jsonl',
      'datapackage.json',
      'datapackage-digest.json',
    ]);
    expect(directory.entries.every((entry) => entry.method === 0)).toBe(true);
    const datapackage = JSON.parse(
      (
        await readEntryBytes(result.path, directory.byName.get('datapackage.json')!, 1 << 20)
      ).toString(),
    ) as Record<string, unknown>;
    expect(datapackage).toMatchObject({
      profile: 'data-package',
      wacz_version: '1.1.1',
      software: 'Vigil test',
    });
    expect((datapackage.vigil as Record<string, unknown>).legalBasis).toEqual({
      reference: 'Warrant 2026/17',
    });
    const resources = datapackage.resources as { path: string; hash: string; bytes: number }[];
    expect(resources.map((resource) => resource.path)).toEqual(names.slice(0, 5));
    const cdxj = (
      await readEntryBytes(result.path, directory.byName.get('indexes/index.cdxj')!, 1 << 20)
    ).toString();
    const lines = cdxj.trim().split('\n');
    // Every response (3) and the resource record are indexed; the index is sorted.
    expect(lines).toHaveLength(4);
    expect([...lines].sort()).toEqual(lines);
    expect(cdxj).toContain(
      'org,example)/post/1 20260101100000 {"url":"https://example.org/post/1"',
    );
    // Offsets: warcio reading the stored WARC at each line's offset finds that URL.
    const warcBytes = await readEntryBytes(
      result.path,
      directory.byName.get('archive/capture.warc.gz')!,
      1 << 20,
    );
    for (const line of lines) {
      const data = JSON.parse(line.slice(line.indexOf('{'))) as {
        url: string;
        offset: string;
        length: string;
      };
      const slice = warcBytes.subarray(
        Number(data.offset),
        Number(data.offset) + Number(data.length),
      );
      const record = await WARCParser.parse([slice]);
      expect(record?.warcTargetURI).toBe(data.url);
    }
    const pages = (
      await readEntryBytes(result.path, directory.byName.get('pages/pages.jsonl')!, 1 << 20)
    )
      .toString()
      .trim()
      .split('\n');
    expect(JSON.parse(pages[0]!)).toEqual({
      format: 'json-pages-1.0',
      id: 'pages',
      title: 'All Pages',
    });
    expect(JSON.parse(pages[1]!)).toMatchObject({
      url: 'https://example.org/post/1',
      ts: '2026-01-01T10:00:00Z',
      title: 'Post',
    });

    const report = await verifyPackage(result.path);
    expect(report.firstFailure).toBeNull();
    expect(report.ok).toBe(true);
    expect(report.timestamped).toBe(true);
    expect(report.signedBy?.fingerprint).toBe(signer.keyId);
    expect(report.timestamps).toEqual([
      expect.objectContaining({ ok: true, time: '2026-03-01T12:00:00.000Z', anchor: 'embedded' }),
    ]);
    expect(report.records).toBe(8);
    expect(report.checks.map((check) => check.name)).toEqual(
      expect.arrayContaining([
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
      ]),
    );
    // The whole-file SHA-256 reported is the file's.
    expect(result.sha256).toBe(execFileSync('sha256sum', [result.path]).toString().split(' ')[0]);
  });

  it('is read by independent tools: Python zipfile tests every CRC and warcio re-indexes the WARC', async () => {
    const result = await build();
    const python = spawnSync('python3', [
      '-c',
      'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip())',
      result.path,
    ]);
    expect(python.stdout.toString().trim()).toBe('None');
    const directory = await readZipDirectory(result.path);
    const warc = await readEntryBytes(
      result.path,
      directory.byName.get('archive/capture.warc.gz')!,
      1 << 20,
    );
    const indexer = new CDXIndexer({});
    let count = 0;
    for await (const entry of indexer.iterRecords(new WARCParser([warc]), 'capture.warc.gz')) {
      if (entry) count += 1;
    }
    expect(count).toBe(4);
  });

  const flips: [string, number][] = [
    ['archive/capture.warc.gz', 200],
    ['indexes/index.cdxj', 10],
    ['pages/pages.jsonl', 5],
    ['vigil/ledger.jsonl', 40],
    ['vigil/structured/post.json', 3],
    ['datapackage.json', 30],
    ['datapackage-digest.json', 60],
    ['datapackage-digest.json', -200],
  ];
  it.each(flips)(
    'fails naming %s when one of its bytes is flipped (CRC fixed up)',
    async (name, offset) => {
      const result = await build();
      await flipByte(result.path, name, offset, true);
      const report = await verifyPackage(result.path);
      expect(report.ok).toBe(false);
      expect(report.firstFailure?.file).toBe(name);
      expect(
        report.checks.filter((check) => !check.ok).every((check) => check.file !== undefined),
      ).toBe(true);
      expect(report.verdict).toContain(name);
    },
  );

  it('fails on a flipped WARC byte even when the ZIP CRC is left to catch it', async () => {
    const result = await build();
    await flipByte(result.path, 'archive/capture.warc.gz', -30, false);
    const report = await verifyPackage(result.path);
    expect(report.ok).toBe(false);
    expect(report.firstFailure).toMatchObject({ name: 'files', file: 'archive/capture.warc.gz' });
  });

  it('names the WARC record whose payload does not match its WARC-Payload-Digest', async () => {
    const liar = {
      url: 'https://example.org/lie',
      body: 'the real body',
      payloadDigest: `sha256:${'ab'.repeat(32)}`,
    };
    const result = await build({}, [...exchanges, liar]);
    const report = await verifyPackage(result.path);
    expect(report.ok).toBe(false);
    expect(report.firstFailure?.name).toBe('warc-records');
    expect(report.firstFailure?.file).toBe('archive/capture.warc.gz');
    expect(report.firstFailure?.record).toMatch(/^<urn:uuid:/);
    expect(report.firstFailure?.detail).toContain('WARC-Payload-Digest does not match');
  });

  it('rejects a consistently rewritten datapackage.json: the signature no longer verifies', async () => {
    const result = await build();
    const dir = path.dirname(result.path);
    // Rebuild the package around an edited datapackage.json whose digest is recorded honestly:
    // only the signature (which needs the private key) can tell.
    const other = makeSigner();
    const forged = await build({
      signer: { ...other, keyId: signer.keyId, publicKeyPem: signer.publicKeyPem },
    });
    const report = await verifyPackage(forged.path);
    expect(report.ok).toBe(false);
    expect(report.firstFailure?.name).toBe('signature');
    expect(fs.existsSync(dir)).toBe(true);
  });

  it('fails the ledger check when the segment chain is broken', async () => {
    const segment = makeSegment(signer, 'I-1', (events) => [
      events[0]!,
      { ...events[1]!, actor: 'mallory' },
    ]);
    const result = await build({ ledgerSegment: segment });
    const report = await verifyPackage(result.path);
    expect(report.ok).toBe(false);
    expect(report.firstFailure).toMatchObject({ name: 'ledger', file: 'vigil/ledger.jsonl' });
  });

  it('writes the package without a timestamp when no TSA answers, and says so', async () => {
    const result = await build({ tsaUrls: ['http://127.0.0.1:9/'], tsaTimeoutMs: 2000 });
    expect(result.timestamped).toBe(false);
    expect(result.status).toBe('not timestamped');
    expect(result.timestampFailures[0]?.error).toContain('http://127.0.0.1:9/');
    const report = await verifyPackage(result.path);
    expect(report.timestamped).toBe(false);
    expect(report.ok).toBe(true);
    expect(report.verdict).toContain('NOT TIMESTAMPED');
    const check = report.checks.find((entry) => entry.name === 'timestamp');
    expect(check).toMatchObject({ status: 'not-timestamped' });
    expect(check?.detail).toContain('NOT TIMESTAMPED');
  });

  it('exports tokens that openssl ts -verify accepts, and openssl rejects them for other data', async () => {
    const result = await build();
    const out = path.join(work, `export-${counter}`);
    const report = await verifyPackage(result.path, { exportTsrDir: out });
    expect(report.exported.map((file) => path.basename(file)).sort()).toEqual([
      '1-chain.pem',
      '1.tsr',
      'datapackage.json',
    ]);
    const verify = (data: string) =>
      spawnSync('openssl', [
        'ts',
        '-verify',
        '-data',
        data,
        '-in',
        path.join(out, '1.tsr'),
        '-CAfile',
        path.join(out, '1-chain.pem'),
      ]);
    const good = verify(path.join(out, 'datapackage.json'));
    expect(good.stdout.toString()).toContain('Verification: OK');
    expect(good.status).toBe(0);
    const otherData = path.join(out, 'other.json');
    fs.writeFileSync(otherData, '{"not":"the package"}\n');
    const bad = verify(otherData);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout.toString()).toContain('Verification: FAILED');
  });

  it('checks the chain against given TSA certificates and fails against a foreign root', async () => {
    const result = await build();
    const pinned = await verifyPackage(result.path, {
      tsaCerts: [path.join(tsaDir, 'root-cert.pem')],
    });
    expect(pinned.ok).toBe(true);
    expect(pinned.timestamps[0]?.anchor).toBe('given');
    const foreignDir = path.join(work, 'foreign-tsa');
    await tsaInit(foreignDir, { clock });
    const foreign = await verifyPackage(result.path, {
      tsaCerts: [path.join(foreignDir, 'root-cert.pem')],
    });
    expect(foreign.ok).toBe(false);
    expect(foreign.firstFailure?.name).toBe('timestamp');
  });
});
