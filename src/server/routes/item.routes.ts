/**
 * @module Items: the record (a consultation) and artifact downloads with range requests, served
 * as attachments under a sandboxing CSP so captured content never runs in the application's origin.
 */
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import { invalidInput } from '../../core/errors.js';
import { caseOfItem, principalOf } from '../auth.js';
import { ItemParams, errors } from '../schemas.js';
import { itemMediaRoutes } from './item-media.routes.js';
import { assertItemVisible } from './search.routes.js';
import type { TypedApp } from '../types.js';

export const PURPOSE_HEADER = 'x-vigil-purpose';

const purposeOf = (
  headers: Record<string, unknown>,
  query: { purpose?: string },
): string | undefined => {
  const header = headers[PURPOSE_HEADER];
  return typeof header === 'string' && header.trim() ? header : query.purpose;
};

/** RFC 9110 §14.2: one `bytes=first-last`, `bytes=first-` or `bytes=-suffix` range. */
export function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  let start: number;
  let end: number;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

export function itemRoutes(app: TypedApp, vigil: Vigil): void {
  // Recapture comparison, thumbnails, graphic media and exposure (R18).
  itemMediaRoutes(app, vigil);
  const Query = Type.Object({ purpose: Type.Optional(Type.String({ maxLength: 2000 })) });

  app.get(
    '/api/items/:id',
    {
      config: { access: { action: 'item.read', caseOf: caseOfItem } },
      schema: {
        tags: ['items'],
        summary: `An item with its artifacts; logged as a consultation with the purpose in the ${PURPOSE_HEADER} header`,
        params: ItemParams,
        querystring: Query,
        response: { 200: Type.Ref('ItemWithArtifacts'), ...errors },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      return vigil.evidence.showItem(
        principalOf(request).name,
        request.params.id,
        purposeOf(request.headers, request.query),
      );
    },
  );

  app.get(
    '/api/items/:id/artifacts/:sha256',
    {
      config: { access: { action: 'item.read', caseOf: caseOfItem } },
      schema: {
        tags: ['items'],
        summary: 'Download an artifact (re-verified, logged); supports single byte ranges',
        params: Type.Object({
          id: Type.String({ pattern: '^I-[0-9]+$' }),
          sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
        }),
        querystring: Query,
        response: {
          200: Type.Any(),
          206: Type.Any(),
          416: Type.Ref('Error'),
          422: Type.Ref('Error'),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { id, sha256 } = request.params;
      const rangeHeader = request.headers.range;
      await assertItemVisible(vigil, request, id);
      const artifact = await vigil.evidence.consultArtifact(
        principalOf(request).name,
        id,
        sha256,
        purposeOf(request.headers, request.query),
      );
      const range = rangeHeader ? parseRange(rangeHeader, artifact.size) : null;
      if (range === 'unsatisfiable') {
        reply.header('content-range', `bytes */${artifact.size}`);
        throw Object.assign(
          invalidInput(
            `range ${rangeHeader ?? ''} is outside the ${artifact.size} bytes of the artifact`,
          ),
          { status: 416 },
        );
      }
      reply
        .header('content-type', artifact.mediaType)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(artifact.name)}`,
        )
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('accept-ranges', 'bytes')
        .header('digest', `sha-256=${Buffer.from(sha256, 'hex').toString('base64')}`);
      if (range) {
        reply
          .status(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${artifact.size}`)
          .header('content-length', range.end - range.start + 1);
        return reply.send(vigil.blobs.readRange(sha256, range.start, range.end));
      }
      reply.header('content-length', artifact.size);
      return reply.send(vigil.blobs.read(sha256));
    },
  );
}
