/** @module Hash-list service end to end: SQLite repository, real images, a generated video. */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import {
  SqliteHashListRepository,
  migrateHashlistTables,
} from '../../store/sqlite/hashlist-repository.js';
import { SHARED_DIR } from '../../../test/support/paths.js';
import { hashVideo } from '../hashing/video-hash.js';
import { formatVpdq } from '../hashing/video-match.js';
import { createHashListService } from './hashlist-service.js';
import type { HashListService } from './hashlist-service.js';

const IMG = (p: string) => path.join(SHARED_DIR, 'pdq/images', p);
const BRIDGE_PDQ = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
const Q0003_PDQ = '54a9f7c321d1443c43ba566e21d4a13989a3553f1472611cbbc5fda59e03b677';
const md5Of = (file: string) => execFileSync('md5sum', [file], { encoding: 'utf8' }).split(' ')[0]!;

let dir: string;
let db: Database.Database;
let svc: HashListService;
const clock = new ManualClock('2026-03-01T10:00:00Z');

const csv = (rows: string[]) => ['type,value,labels', ...rows].join('\n') + '\n';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigil-hashlist-svc-'));
  db = new Database(path.join(dir, 'vigil.db'));
  migrateHashlistTables(db);
  svc = createHashListService({ repository: new SqliteHashListRepository(db), clock });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('importHashList / exportHashList / listHashLists', () => {
  it('imports with provenance, lists, and round-trips through export', async () => {
    const content = csv([
      `pdq,${BRIDGE_PDQ},category:propaganda;group:Example Front`,
      `md5,${md5Of(IMG('misc/wee.jpg'))},category:training`,
      'url,https://example.org/join,category:recruitment',
    ]);
    const result = await svc.importHashList({
      content,
      name: 'agency-a',
      fileName: 'a.csv',
      source: 'Agency A',
    });
    expect(result).toMatchObject({ imported: 3, duplicates: 0, rejected: [] });
    const [meta] = await svc.listHashLists();
    expect(meta).toEqual({
      name: 'agency-a',
      entryCount: 3,
      counts: { pdq: 1, md5: 1, url: 1 },
      provenance: {
        format: 'csv',
        fileName: 'a.csv',
        source: 'Agency A',
        importedAt: '2026-03-01T10:00:00.000Z',
        fileSha256: execFileSync('sha256sum', { input: content, encoding: 'utf8' }).split(' ')[0],
      },
    });
    const exported = await svc.exportHashList('agency-a');
    expect(exported).toBe(content);
    const json = await svc.exportHashList('agency-a', 'json');
    await svc.importHashList({ content: json, name: 'copy', format: 'json' });
    expect(await svc.exportHashList('copy')).toBe(content);
  });

  it('refuses a list with malformed rows, naming each line, and stores nothing', async () => {
    const content = csv([`pdq,${BRIDGE_PDQ},`, 'md5,xyz,', `sha256,${BRIDGE_PDQ.slice(2)},`]);
    const error = await svc.importHashList({ content, name: 'bad' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect((error as Error).message).toMatch(/2 malformed row\(s\).*\nline 3: md5 must be 32 hex/s);
    expect((error as { details: { errors: unknown[] } }).details.errors).toEqual([
      { line: 3, reason: 'md5 must be 32 hex digits, got "xyz"' },
      { line: 4, reason: expect.stringMatching(/sha256 must be 64 hex/) as string },
    ]);
    expect(await svc.listHashLists()).toEqual([]);
    const partial = await svc.importHashList({ content, name: 'bad', skipInvalid: true });
    expect(partial.imported).toBe(1);
    expect(partial.rejected.map((r) => r.line)).toEqual([3, 4]);
  });

  it('refuses a taken name, a bad name and an unknown list', async () => {
    const content = csv([`pdq,${BRIDGE_PDQ},`]);
    await svc.importHashList({ content, name: 'one' });
    await expect(svc.importHashList({ content, name: 'one' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(svc.importHashList({ content, name: '../etc' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(svc.exportHashList('nope')).rejects.toMatchObject({ code: 'not_found' });
    await expect(svc.match(BRIDGE_PDQ, { list: 'nope' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('match', () => {
  beforeEach(async () => {
    await svc.importHashList({
      name: 'known',
      source: 'Range corpus',
      content: csv([
        `pdq,${BRIDGE_PDQ},category:propaganda;group:Example Front`,
        `pdq,${Q0003_PDQ},category:propaganda`,
        `md5,${md5Of(IMG('labelme-subset/q0003.jpg'))},category:propaganda`,
        'url,https://t.example/joinus,category:recruitment',
      ]),
    });
    await svc.importHashList({
      name: 'other',
      content: csv([`pdq,${BRIDGE_PDQ.replace(/^f8/, '07')},`]),
    });
  });

  it('finds a modified image by PDQ with list, value, distance, labels and provenance', async () => {
    const report = await svc.match(IMG('bridge-mods/sharpen-a-lot.jpg'));
    expect(report.query).toMatchObject({ kind: 'file', file: { kind: 'image', quality: 100 } });
    const known = report.matches.find((m) => m.list === 'known')!;
    expect(known).toMatchObject({
      list: 'known',
      type: 'pdq',
      value: BRIDGE_PDQ,
      labels: ['category:propaganda', 'group:Example Front'],
      via: 'pdq',
      provenance: { source: 'Range corpus', format: 'csv' },
    });
    expect(known.distance).toBeGreaterThan(0);
    expect(known.distance).toBeLessThanOrEqual(31);
    expect(report.matches.map((m) => m.list)).toEqual(['known', 'other']);
    // --list restricts; --distance narrows.
    expect(
      (await svc.match(IMG('bridge-mods/sharpen-a-lot.jpg'), { list: 'other' })).matches.map(
        (m) => m.list,
      ),
    ).toEqual(['other']);
    expect(
      (await svc.match(IMG('bridge-mods/sharpen-a-lot.jpg'), { distance: 0 })).matches,
    ).toEqual([]);
  });

  it('does not match an unrelated image', async () => {
    expect((await svc.match(IMG('pen-and-coaster.png'))).matches).toEqual([]);
  });

  it('never PDQ-matches an image of quality < 50, but still matches its digest', async () => {
    const report = await svc.match(IMG('labelme-subset/q0003.jpg'));
    expect(report.query).toMatchObject({ kind: 'file', file: { pdq: Q0003_PDQ, quality: 3 } });
    expect(report.matches.map((m) => m.via)).toEqual(['md5']);
    expect(report.notes.join(' ')).toMatch(/quality 3 < 50/);
  });

  it('matches a PDQ hex, an MD5 and a URL given directly', async () => {
    const flipped = (parseInt(BRIDGE_PDQ[0]!, 16) ^ 0x7).toString(16) + BRIDGE_PDQ.slice(1);
    const byPdq = await svc.match(flipped.toUpperCase());
    expect(byPdq.matches[0]).toMatchObject({ list: 'known', value: BRIDGE_PDQ, distance: 3 });
    const byMd5 = await svc.match(md5Of(IMG('labelme-subset/q0003.jpg')));
    expect(byMd5.matches).toMatchObject([{ list: 'known', type: 'md5', distance: 0 }]);
    const byUrl = await svc.match('HTTPS://T.EXAMPLE/joinus');
    expect(byUrl.matches).toMatchObject([
      { list: 'known', type: 'url', labels: ['category:recruitment'] },
    ]);
    await expect(svc.match(BRIDGE_PDQ, { distance: 300 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('matches a transcoded video against a vPDQ entry and its frames against image entries', async () => {
    const original = path.join(dir, 'o.mp4');
    const copy = path.join(dir, 'c.webm');
    const ff = (...a: string[]) =>
      execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...a]);
    ff(
      '-f',
      'lavfi',
      '-i',
      'mandelbrot=size=240x180:rate=10',
      '-t',
      '4',
      '-pix_fmt',
      'yuv420p',
      original,
    );
    ff(
      '-i',
      original,
      '-vf',
      'scale=160:120',
      '-c:v',
      'libvpx-vp9',
      '-b:v',
      '200k',
      '-deadline',
      'realtime',
      copy,
    );
    const frames = (await hashVideo(original)).frames;
    await svc.importHashList({
      name: 'videos',
      content: csv([
        `vpdq,"${formatVpdq(frames).replace(/"/g, '""')}",category:propaganda`,
        `pdq,${frames[2]!.pdq},category:propaganda;source:still from video`,
      ]),
    });
    const report = await svc.match(copy, { list: 'videos' });
    const vpdq = report.matches.find((m) => m.via === 'vpdq')!;
    expect(vpdq).toMatchObject({ list: 'videos', type: 'vpdq', labels: ['category:propaganda'] });
    expect(vpdq.queryMatchPercent).toBeGreaterThanOrEqual(80);
    const still = report.matches.find((m) => m.via === 'frame')!;
    expect(still).toMatchObject({
      type: 'pdq',
      value: frames[2]!.pdq,
      frame: { frameNumber: 20, timestamp: 2 },
    });
    expect((await svc.match(IMG('bridge-mods/aaa-orig.jpg'), { list: 'videos' })).matches).toEqual(
      [],
    );
  });
});

it('reads list files as bytes too', async () => {
  const bytes = readFileSync(path.join(SHARED_DIR, 'pdq/mih/needles.txt'));
  const content = Buffer.from(
    bytes
      .toString('utf8')
      .split(/\r?\n/)
      .filter(Boolean)
      .map((h) => `pdq ${h}`)
      .join('\n'),
  );
  const r = await svc.importHashList({ content, name: 'needles', format: 'pytx' });
  expect(r.imported).toBeGreaterThan(0);
  expect(r.imported + r.duplicates).toBe(100);
});
