/**
 * @module What the workbench shows of an item's media and how it got there: the comparison of a
 * recapture with the capture it repeats (SWGDE 21-F-001 §4.2), card thumbnails (a resized working
 * copy, cached), marking media as graphic, and exposure to graphic media (R18).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import sharp from 'sharp';
import type { Vigil } from '../../app/vigil.js';
import { compareCaptures } from '../../capture/compare-captures.js';
import type { ComparableCapture } from '../../capture/compare-captures.js';
import { invalidInput, notFound } from '../../core/errors.js';
import type { Artifact, Item } from '../../evidence/types.js';
import { SESSION_COOKIE, caseOfItem, principalOf } from '../auth.js';
import { ItemParams, errors } from '../schemas.js';
import type { TypedApp } from '../types.js';
import { assertItemVisible } from './search.routes.js';

/** The tag that marks an item's media as graphic (R18); an annotation, so it is in the ledger. */
export const GRAPHIC_TAG = 'graphic';
/** Thumbnails fit in this box: the card grid shows them at about 300 CSS pixels. */
const THUMBNAIL_SIZE = 320;

const CaptureSide = Type.Object({
  id: Type.String(),
  collectedAt: Type.String(),
  capturedAt: Type.String(),
  status: Type.Union([Type.Integer(), Type.Null()]),
  screenshot: Type.Union([Type.String(), Type.Null()]),
});
const Comparison = Type.Object({
  changed: Type.Boolean(),
  gone: Type.Boolean(),
  goneReason: Type.Union([Type.String(), Type.Null()]),
  textDiff: Type.String(),
  mediaAdded: Type.Array(Type.String()),
  mediaRemoved: Type.Array(Type.String()),
  statusBefore: Type.Union([Type.Integer(), Type.Null()]),
  statusAfter: Type.Union([Type.Integer(), Type.Null()]),
});
const ExposureSummary = Type.Object({
  day: Type.String({ description: 'the UTC day that `today` counts' }),
  session: Type.Object({ reveals: Type.Integer(), seconds: Type.Integer() }),
  today: Type.Object({ reveals: Type.Integer(), seconds: Type.Integer() }),
});

interface CaptureMetadata {
  status?: number | null;
  media?: { url: string }[];
  removed?: boolean;
  recaptureOf?: string | null;
  provenance?: { startedAt?: unknown };
}

const screenshotOf = (artifacts: readonly Artifact[]): Artifact | undefined =>
  artifacts.find((a) => a.role === 'screenshot-full') ??
  artifacts.find((a) => a.role === 'screenshot-viewport');

/** Who is asking, per session (or API token): a digest, never the secret itself. */
const sessionKeyOf = (request: FastifyRequest): string => {
  const secret =
    request.cookies[SESSION_COOKIE] ??
    /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ??
    '';
  return createHash('sha256')
    .update(`${principalOf(request).name}\n${secret}`)
    .digest('hex');
};

export function itemMediaRoutes(app: TypedApp, vigil: Vigil): void {
  const exposure = vigil.exposure;
  // Consultations already logged for thumbnails, per session and case (see the thumbnail route).
  const thumbnailsLogged = new Set<string>();
  const cacheDir = path.join(vigil.config.home, 'cache', 'thumbnails');

  const readAll = async (sha256: string): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    // BlobStore.read re-hashes and fails at the end if the bytes no longer match (R4).
    for await (const chunk of vigil.blobs.read(sha256)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  const comparable = async (item: Item, artifacts: readonly Artifact[]) => {
    const text = artifacts.find((a) => a.role === 'text');
    const metadata = item.metadata as CaptureMetadata;
    const capture: ComparableCapture = {
      status: metadata.status ?? null,
      text: text ? (await readAll(text.sha256)).toString('utf8') : '',
      media: metadata.media ?? [],
      removed: metadata.removed ?? false,
    };
    const startedAt = metadata.provenance?.startedAt;
    return {
      capture,
      side: {
        id: item.id,
        collectedAt: item.collectedAt,
        capturedAt: typeof startedAt === 'string' ? startedAt : item.collectedAt,
        status: capture.status,
        screenshot: screenshotOf(artifacts)?.sha256 ?? null,
      },
    };
  };

  const isGraphic = async (itemId: string): Promise<boolean> =>
    (await vigil.annotations.annotations(itemId)).tags.some((tag) => tag.tag === GRAPHIC_TAG);

  app.get(
    '/api/items/:id/diff',
    {
      config: { access: { action: 'item.read', caseOf: caseOfItem } },
      schema: {
        tags: ['capture'],
        summary:
          'What changed between this capture and an earlier one of the same URL (default: the capture it repeats); logged as a consultation',
        params: ItemParams,
        querystring: Type.Object({
          against: Type.Optional(Type.String({ pattern: '^I-[0-9]+$' })),
        }),
        response: {
          200: Type.Object({ before: CaptureSide, after: CaptureSide, comparison: Comparison }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      await assertItemVisible(vigil, request, id);
      const after = await vigil.store.items.get(id);
      if (!after) throw notFound(`item ${id} does not exist`);
      const againstId =
        request.query.against ?? (after.metadata as CaptureMetadata).recaptureOf ?? null;
      if (!againstId)
        throw invalidInput(
          `item ${id} is not a recapture, so there is nothing to compare it with`,
          {
            hint: 'name the earlier capture with ?against=I-…',
          },
        );
      const before = await vigil.store.items.get(againstId);
      if (!before) throw notFound(`item ${againstId} does not exist`);
      // Both captures must be readable by this person in the same case: the diff shows both.
      if (before.caseId !== after.caseId)
        throw invalidInput(`items ${againstId} and ${id} belong to different cases`);
      await assertItemVisible(vigil, request, againstId);
      for (const item of [before, after]) {
        if (item.kind !== 'capture') throw invalidInput(`item ${item.id} is not a capture`);
        if (item.erasedAt) throw invalidInput(`item ${item.id} was erased on ${item.erasedAt}`);
      }
      const [a, b] = await Promise.all([
        comparable(before, await vigil.store.items.artifacts(before.id)),
        comparable(after, await vigil.store.items.artifacts(after.id)),
      ]);
      const comparison = compareCaptures(a.capture, b.capture);
      await vigil.ledger.append({
        actor: principalOf(request).name,
        action: 'consultation',
        caseId: after.caseId,
        itemId: after.id,
        reason: `compared with ${before.id} on screen`,
        data: { what: 'recapture comparison', against: before.id },
      });
      return { before: a.side, after: b.side, comparison };
    },
  );

  app.get(
    '/api/items/:id/thumbnail',
    {
      config: { access: { action: 'item.read', caseOf: caseOfItem } },
      schema: {
        tags: ['items'],
        summary:
          'A small JPEG of the item (its screenshot, or the image itself) for the case grid; header x-vigil-graphic says whether it is marked graphic',
        params: ItemParams,
        response: { 200: Type.Any({ description: 'image/jpeg' }), ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await assertItemVisible(vigil, request, id);
      const item = await vigil.store.items.get(id);
      if (!item) throw notFound(`item ${id} does not exist`);
      if (item.erasedAt) throw notFound(`item ${id} was erased on ${item.erasedAt}`);
      const artifacts = await vigil.store.items.artifacts(id);
      const source =
        artifacts.find((a) => a.role === 'screenshot-viewport') ??
        screenshotOf(artifacts) ??
        artifacts.find((a) => a.role === 'original' && a.mediaType.startsWith('image/'));
      if (!source)
        throw notFound(`item ${id} has no screenshot or image`, {
          hint: 'files that are not images have no thumbnail',
        });
      // The thumbnail is a derived working copy, not evidence: it is regenerated from the verified
      // blob whenever it is missing, so it lives in a cache beside the store, never in the store
      // (an unreferenced blob there would be reported by store verification).
      const cached = path.join(cacheDir, `${source.sha256}.jpg`);
      let bytes: Buffer;
      try {
        bytes = await fsp.readFile(cached);
      } catch {
        bytes = await sharp(await readAll(source.sha256), { limitInputPixels: 268_402_689 })
          .rotate()
          .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
          .jpeg({ quality: 70 })
          .toBuffer();
        await fsp.mkdir(cacheDir, { recursive: true, mode: 0o700 });
        const temporary = `${cached}.${process.pid}.tmp`;
        await fsp.writeFile(temporary, bytes, { mode: 0o600 });
        fs.renameSync(temporary, cached);
      }
      // A grid shows dozens of thumbnails at once: one consultation per item would bury the item
      // ledgers in noise while saying nothing a person chose to look at. Seeing a case's grid is
      // still an access to its evidence (R7), so it is logged once per session and case, naming
      // the first item; opening an item, its screenshot or a reveal is logged as before.
      const key = `${sessionKeyOf(request)}|${item.caseId}`;
      if (!thumbnailsLogged.has(key)) {
        thumbnailsLogged.add(key);
        await vigil.ledger.append({
          actor: principalOf(request).name,
          action: 'consultation',
          caseId: item.caseId,
          itemId: item.id,
          reason: 'case overview: item thumbnails',
          data: { what: 'thumbnails', scope: 'case grid, this session' },
        });
      }
      return reply
        .header('content-type', 'image/jpeg')
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('x-vigil-graphic', String(await isGraphic(id)))
        .send(bytes);
    },
  );

  app.post(
    '/api/items/:id/graphic',
    {
      config: { access: { action: 'item.read', caseOf: caseOfItem } },
      schema: {
        tags: ['items'],
        summary:
          'Mark the item’s media as graphic (R18): blurred for everyone until revealed; an annotation in the ledger; cannot be unmarked',
        params: ItemParams,
        body: Type.Object(
          { reason: Type.Optional(Type.String({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            graphic: Type.Boolean(),
            markedBy: Type.String(),
            markedAt: Type.String(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      await assertItemVisible(vigil, request, id);
      const existing = (await vigil.annotations.annotations(id)).tags.find(
        (tag) => tag.tag === GRAPHIC_TAG,
      );
      // Idempotent: marking twice is not an error, and the first marking stays on record.
      const tag =
        existing ??
        (await vigil.annotations.addTag(
          principalOf(request).name,
          id,
          GRAPHIC_TAG,
          request.body.reason?.trim() || undefined,
        ));
      return { graphic: true, markedBy: tag.addedBy, markedAt: tag.addedAt };
    },
  );

  app.post(
    '/api/items/:id/exposure',
    {
      config: { access: { action: 'item.read', caseOf: caseOfItem } },
      schema: {
        tags: ['items'],
        summary:
          'Record that I revealed graphic media of the item (R18): a consultation with data.exposure = graphic; returns my exposure',
        params: ItemParams,
        body: Type.Object(
          { sha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: ExposureSummary, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      await assertItemVisible(vigil, request, id);
      const item = await vigil.store.items.get(id);
      if (!item) throw notFound(`item ${id} does not exist`);
      const actor = principalOf(request).name;
      await vigil.ledger.append({
        actor,
        action: 'consultation',
        caseId: item.caseId,
        itemId: id,
        reason: 'graphic media revealed on screen',
        data: {
          what: 'graphic media',
          exposure: 'graphic',
          ...(request.body.sha256 ? { sha256: request.body.sha256 } : {}),
        },
      });
      return exposure.reveal(actor, sessionKeyOf(request), id);
    },
  );

  app.get(
    '/api/me/exposure',
    {
      config: { access: { action: 'exposure.self' } },
      schema: {
        tags: ['users'],
        summary:
          'My exposure to graphic media (R18): reveals and seconds on screen, this session and today',
        response: { 200: ExposureSummary, ...errors },
      },
    },
    (request) => exposure.summary(principalOf(request).name, sessionKeyOf(request)),
  );

  app.post(
    '/api/me/exposure',
    {
      config: { access: { action: 'exposure.self' } },
      schema: {
        tags: ['users'],
        summary:
          'Report seconds that revealed graphic media were on my screen (the browser reports while they are visible)',
        body: Type.Object(
          // A browser reports every few seconds; a larger claim is a bug, not a long look.
          { seconds: Type.Integer({ minimum: 1, maximum: 300 }) },
          { additionalProperties: false },
        ),
        response: { 200: ExposureSummary, ...errors },
      },
    },
    (request) =>
      exposure.addSeconds(principalOf(request).name, sessionKeyOf(request), request.body.seconds),
  );
}
