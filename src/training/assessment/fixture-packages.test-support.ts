/**
 * @module Builds trainee submissions for assessment tests: sealed, timestamped packages (the
 * package writer around WARCs made with warcio) whose items, provenance and legal basis look like
 * `vigil capture` output for chosen range posts, and interaction-log records.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ManualClock } from '../../core/clock.js';
import { writePackage } from '../../package/index.js';
import { makeSegment, makeSigner, writeWarc } from '../../package/test-support.js';
import type { TestSigner } from '../../package/test-support.js';
import { startTsaServer, tsaInit } from '../../package/tsa-authority.js';
import type { TsaServer } from '../../package/tsa-authority.js';
import type { RangeTruth } from '../range/truth.js';
import type { ViolationRecord } from '../range/violations.js';

export const ORIGIN = 'http://127.0.0.1:8787';

export interface FixtureCapture {
  /** Origin-relative path on the range. */
  readonly path: string;
  readonly collectedAt?: string;
  /** 410 and `removed` for a capture made after the post was taken down. */
  readonly gone?: boolean;
}

export interface FixtureKit {
  readonly signer: TestSigner;
  readonly tsa: TsaServer;
  readonly dir: string;
  close(): Promise<void>;
}

export async function fixtureKit(dir: string): Promise<FixtureKit> {
  const clock = new ManualClock('2026-11-22T10:00:00Z');
  await tsaInit(path.join(dir, 'tsa'), { clock });
  const tsa = await startTsaServer({ dir: path.join(dir, 'tsa'), port: 0, clock });
  return { signer: makeSigner(), tsa, dir, close: () => tsa.close() };
}

const BASIS = {
  id: 'LB-1',
  authority: 'Fictional District Court',
  reference: 'TR-2026-0007',
  purpose: 'training: identify recruitment and incitement by the fictional groups',
  validFrom: '2026-11-01',
  validUntil: '2026-12-31',
};

let counter = 0;

/** A package of `captures`, as `vigil capture` would seal them in one training case. */
export async function fixturePackage(
  kit: FixtureKit,
  truth: RangeTruth,
  captures: readonly FixtureCapture[],
  options: { basis?: Partial<typeof BASIS> } = {},
): Promise<string> {
  counter += 1;
  const dir = path.join(kit.dir, `sub${counter}`);
  fs.mkdirSync(dir, { recursive: true });
  const warc = path.join(dir, 'capture.warc.gz');
  await writeWarc(
    warc,
    captures.map((c) => ({
      url: `${ORIGIN}${c.path}`,
      body: c.gone
        ? '<html><body>This post was removed.</body></html>'
        : `<html><body>post ${c.path}</body></html>`,
      status: c.gone ? 410 : 200,
    })),
  );
  const items = captures.map((c, i) => {
    const post = truth.posts.find((p) => p.url === c.path);
    const collectedAt = c.collectedAt ?? '2026-11-22T10:05:00.000Z';
    const provenance = {
      schema: 'vigil.capture.provenance/1',
      requestedUrl: `${ORIGIN}${c.path}`,
      finalUrl: `${ORIGIN}${c.path}`,
      status: c.gone ? 410 : 200,
      responseHeaders: { 'content-type': 'text/html; charset=utf-8' },
      startedAt: collectedAt,
      endedAt: collectedAt,
      timeZone: 'Asia/Jakarta',
      utcOffsetMinutes: 420,
      collector: 'rina',
      persona: null,
      tool: { name: 'vigil', version: '0.1.0' },
      browser: { name: 'chromium', version: '140', path: '/usr/bin/chromium', args: [] },
      legalBasisRef: BASIS.reference,
    };
    const structured =
      post === undefined || c.gone
        ? null
        : {
            profile: { id: 'training-range-post', version: 1 },
            fields: {
              postId: post.id,
              authorId: post.author,
              handle: post.authorHandle,
              postedAt: post.createdAt,
              postedAtShown: '29 Apr 2025, 21:00',
              timezoneShown: 'WIB (UTC+07:00)',
            },
            counts: {},
            media: [],
            replies: [],
            removed: false,
            sources: {},
          };
    return {
      id: `I-${i + 1}`,
      url: `${ORIGIN}${c.path}`,
      collectedAt,
      view: {
        id: `I-${i + 1}`,
        caseId: 'C-1',
        sourceUrl: `${ORIGIN}${c.path}`,
        legalBasisId: BASIS.id,
        collectedAt,
        metadata: { status: c.gone ? 410 : 200, removed: c.gone === true, structured, provenance },
      },
      provenance,
    };
  });
  const out = path.join(dir, 'submission.wacz');
  await writePackage({
    out,
    warcFiles: [warc],
    extraFiles: items.map((i) => ({
      path: `vigil/items/${i.id}.json`,
      data: JSON.stringify(i.view),
    })),
    vigilMetadata: {
      case: { id: 'C-1', title: 'Training', workspace: 'training' },
      legalBasis: [{ ...BASIS, ...options.basis }],
      items: items.map((i) => ({
        id: i.id,
        url: i.url,
        collectedAt: i.collectedAt,
        collectedBy: 'rina',
      })),
      provenance: items.map((i) => i.provenance),
    },
    ledgerSegment: makeSegment(kit.signer),
    signer: kit.signer,
    tsaUrls: [kit.tsa.url],
    clock: new ManualClock('2026-11-22T10:06:00Z'),
  });
  return out;
}

/** One interaction-log line as the range writes it in passive mode. */
export const violation = (
  seq: number,
  action: ViolationRecord['action'],
  target: string,
): ViolationRecord => ({
  seq,
  at: '2026-11-22T10:03:00.000Z',
  action,
  target,
  persona: null,
  mode: 'passive',
  outcome: 'refused',
  override: null,
  userAgent: 'Mozilla/5.0 HeadlessChrome',
  remoteAddress: '127.0.0.1',
});
