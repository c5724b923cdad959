/**
 * The capture service around a FAKE browser engine (it writes a small WARC and files the way
 * `captureUrl` does; real Chromium captures are exercised in test/capture-e2e.test.ts): artifacts
 * move into the store, the item is sealed, and a web archive tampered with after capture never
 * reaches a package.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openVigil } from '../app/vigil.js';
import { ManualClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { isIntegrityError } from '../core/errors.js';
import { writeWarc } from '../package/test-support.js';
import { tempDir } from '../../test/support/temp.js';
import { BASIS } from '../../test/support/vigil.js';
import type { CaptureEngine } from './capture-service.js';
import type { CaptureResult } from './capture-types.js';

const fakeEngine: CaptureEngine = async (url, options) => {
  fs.mkdirSync(options.outDir, { recursive: true });
  const file = (name: string, data: string) => {
    const target = path.join(options.outDir, name);
    fs.writeFileSync(target, data);
    return target;
  };
  const warcPath = path.join(options.outDir, 'capture.warc.gz');
  await writeWarc(warcPath, [
    { url, body: '<html><title>fake post</title>hello</html>', contentType: 'text/html' },
  ]);
  const now = options.clock?.now().toISOString() ?? '';
  return {
    warcPath,
    screenshots: { fullPage: file('full.png', 'png-full'), viewport: file('view.png', 'png-view') },
    domPath: file('dom.html', '<html>hello</html>'),
    mhtmlPath: file('page.mhtml', 'mhtml'),
    textPath: file('text.txt', 'hello'),
    text: 'hello',
    title: 'fake post',
    status: 200,
    structured: null,
    removed: false,
    provenance: {
      requestedUrl: url,
      finalUrl: url,
      startedAt: now,
    } as unknown as CaptureResult['provenance'],
    pages: [{ url, ts: now, title: 'fake post' }],
    media: [],
    exchanges: 1,
  };
};

describe('CaptureService (fake engine)', () => {
  it('moves the artifacts into the store, seals the item, and refuses to package a tampered archive', async () => {
    const home = tempDir('vigil-capture-service-');
    const vigil = await openVigil(loadConfig({}, { home, as: 'ana' }), {
      clock: new ManualClock('2026-11-22T10:00:00Z'),
      captureEngine: fakeEngine,
    });
    try {
      const kase = await vigil.cases.create('ana', { title: 'Op Fake', basis: BASIS });
      const outcome = await vigil.capture.capture({
        actor: 'ana',
        caseId: kase.id,
        url: 'https://example.org/p/1',
        reason: 'r',
      });
      expect(outcome.item.artifacts.map((a) => a.role)).toEqual(
        expect.arrayContaining(['warc', 'screenshot-full', 'text', 'provenance', 'package']),
      );
      expect(
        fs.readdirSync(path.join(home, 'tmp')).filter((name) => name.startsWith('capture-')),
      ).toEqual([]);
      for (const artifact of outcome.item.artifacts)
        expect((await vigil.blobs.check(artifact.sha256)).ok).toBe(true);
      expect(outcome.sealed.status).toBe('not timestamped');

      const warc = vigil.blobs.pathOf(outcome.item.sha256);
      fs.chmodSync(warc, 0o600);
      const bytes = fs.readFileSync(warc);
      bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
      fs.writeFileSync(warc, bytes);
      const out = path.join(home, 'case.wacz');
      const error = await vigil.capture
        .packageItems({ actor: 'ana', itemIds: [outcome.id], out, recipient: 'court' })
        .catch((e: unknown) => e);
      expect(isIntegrityError(error)).toBe(true);
      expect(fs.existsSync(out)).toBe(false);
      const events = (await vigil.ledger.events({ itemId: outcome.id })).map((e) => e.action);
      expect(events).toContain('integrity_failure');
      expect((await vigil.ledger.events({ caseId: kase.id })).map((e) => e.action)).not.toContain(
        'disclosure',
      );
    } finally {
      await vigil.close();
    }
  });
});
