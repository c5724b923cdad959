import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPackage } from './package-verify.js';
import { writeRawZip } from './test-support.js';
import type { RawEntry } from './test-support.js';
import { ZipWriter } from './zip-writer.js';
import { readEntryBytes, readZipDirectory } from './zip-reader.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-hostile-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let counter = 0;
async function refuse(entries: RawEntry[], declaredCount?: number) {
  counter += 1;
  const dir = path.join(work, `z${counter}`);
  fs.mkdirSync(dir);
  const file = path.join(dir, 'evil.wacz');
  writeRawZip(file, entries, declaredCount);
  const report = await verifyPackage(file);
  // Nothing is ever extracted: the directory holds only the package.
  expect(fs.readdirSync(dir)).toEqual(['evil.wacz']);
  expect(report.ok).toBe(false);
  expect(report.checks).toHaveLength(1);
  expect(report.firstFailure?.name).toBe('zip-structure');
  return report.firstFailure?.detail ?? '';
}

const small = Buffer.from('{}');

describe('hostile packages are refused before any data is used', () => {
  it.each([
    ['../../etc/cron.d/evil', /path traversal/],
    ['archive/../../evil', /path traversal/],
    ['/etc/passwd', /absolute path/],
    ['C:/Windows/evil.dll', /drive letter/],
    ['archive\\..\\evil', /backslash/],
    ['archive//x.warc.gz', /empty or "\." path segment/],
    ['evil\u0000.txt', /control characters/],
  ])('refuses the entry name %j', async (name, message) => {
    expect(
      await refuse([
        { name: 'datapackage.json', data: small },
        { name, data: small },
      ]),
    ).toMatch(message);
  });

  it('refuses duplicate entries, and names differing only by case', async () => {
    expect(
      await refuse([
        { name: 'datapackage.json', data: small },
        { name: 'datapackage.json', data: Buffer.from('{"x":1}') },
      ]),
    ).toMatch(/two entries named datapackage.json/);
    expect(
      await refuse([
        { name: 'pages/pages.jsonl', data: small },
        { name: 'pages/PAGES.jsonl', data: small },
      ]),
    ).toMatch(/differ only by case/);
  });

  it('refuses a high-ratio zip bomb without inflating it', async () => {
    const zeros = Buffer.alloc(64 << 20);
    const detail = await refuse([{ name: 'indexes/index.cdxj', data: zeros, deflate: true }]);
    expect(detail).toMatch(/zip bomb/);
  });

  it('refuses absurd sizes and a stored entry that lies about its size', async () => {
    expect(
      await refuse([{ name: 'datapackage.json', data: small, declaredSize: 0xfffffff0 }]),
    ).toMatch(/stored but declares|absurd|more than/);
    const inflated = zlib.deflateRawSync(Buffer.alloc(10));
    expect(inflated.length).toBeGreaterThan(0);
  });

  it('refuses an archive that declares more entries than it holds, and a file that is not a ZIP', async () => {
    expect(await refuse([{ name: 'datapackage.json', data: small }], 5)).toMatch(
      /malformed|runs past|ZIP64/,
    );
    const file = path.join(work, 'not-a-zip.wacz');
    fs.writeFileSync(file, 'hello, this is not a zip archive at all');
    const report = await verifyPackage(file);
    expect(report.firstFailure?.detail).toMatch(/not a ZIP archive/);
  });

  it('refuses overlapping entries (the non-recursive zip bomb trick)', async () => {
    const file = path.join(work, 'overlap.wacz');
    writeRawZip(file, [
      { name: 'a.txt', data: Buffer.from('aaaa') },
      { name: 'b.txt', data: Buffer.from('bbbb') },
    ]);
    const bytes = fs.readFileSync(file);
    // Point b.txt's central record at a.txt's local header.
    const second = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(0, second + 42);
    fs.writeFileSync(file, bytes);
    const report = await verifyPackage(file);
    expect(report.firstFailure?.detail).toMatch(/different name in its local header|overlap/);
  });
});

describe('ZipWriter', () => {
  it('switches to ZIP64 when the entry count passes 65535, and stays readable by Python', async () => {
    const file = path.join(work, 'many.zip');
    const zip = await ZipWriter.open(file, new Date('2026-01-01T00:00:00Z'));
    for (let index = 0; index < 65_600; index += 1)
      await zip.addBytes(`f/${index}`, Buffer.from(String(index)));
    await zip.finish();
    const directory = await readZipDirectory(file);
    expect(directory.entries).toHaveLength(65_600);
    expect((await readEntryBytes(file, directory.byName.get('f/65599')!, 100)).toString()).toBe(
      '65599',
    );
    const { spawnSync } = await import('node:child_process');
    const python = spawnSync('python3', [
      '-c',
      'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(len(z.namelist()), z.read("f/65599").decode())',
      file,
    ]);
    expect(python.stdout.toString().trim()).toBe('65600 65599');
  });

  it('refuses a source that changes while it is packaged', async () => {
    const file = path.join(work, 'changed.zip');
    const zip = await ZipWriter.open(file, new Date());
    await expect(
      zip.addStream('x', 3, zlib.crc32(Buffer.from('abc')), [Buffer.from('abd')]),
    ).rejects.toThrow(/changed while it was being packaged/);
    zip.abort();
  });
});
