/**
 * @module Case work over HTTP: tags and notes on items (special categories restricted, R11),
 * full-text search across the cases a person may see, and the timeline of a case.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Vigil } from '../../app/vigil.js';
import { decide } from '../../cases/access.js';
import type { Principal } from '../../cases/access.js';
import { forbidden } from '../../core/errors.js';
import { caseFromParams, caseOfItem, principalOf } from '../auth.js';
import { CaseParams, ItemParams, errors } from '../schemas.js';
import type { TypedApp } from '../types.js';

/**
 * Items tagged with a special category (LED Art. 10, R11) are visible to the case's leads only.
 * Returns the restricted items of a case the person may not see.
 */
export async function hiddenItems(
  vigil: Vigil,
  principal: Principal,
  caseId: string,
): Promise<Set<string>> {
  const restricted = await vigil.annotations.restrictedItems(caseId);
  if (restricted.size === 0) return restricted;
  const membership = await vigil.access
    .members(caseId)
    .then((members) => members.find((m) => m.userName === principal.name));
  return membership?.membership === 'lead' ? new Set() : restricted;
}

/**
 * The cases whose content a person may read (optionally one case), and the items among them
 * restricted to leads they may not see (R11): the scope of search, the triage queue and the graph.
 */
export async function readableScope(
  vigil: Vigil,
  principal: Principal,
  only?: string,
): Promise<{ caseIds: string[]; hidden: Set<string> }> {
  const mine = await vigil.access.casesOf(principal.name);
  const caseIds: string[] = [];
  const hidden = new Set<string>();
  for (const kase of await vigil.cases.list()) {
    if (only && kase.id !== only) continue;
    const membership = mine.includes(kase.id) ? 'member' : null;
    if (!decide(principal, 'item.read', { workspace: kase.workspace, membership }).allowed)
      continue;
    caseIds.push(kase.id);
    for (const id of await hiddenItems(vigil, principal, kase.id)) hidden.add(id);
  }
  return { caseIds, hidden };
}

/** Throws unless the person may see this (possibly restricted) item. */
export async function assertItemVisible(
  vigil: Vigil,
  request: FastifyRequest,
  itemId: string,
): Promise<void> {
  const caseId = await caseOfItem(request, vigil);
  if ((await hiddenItems(vigil, principalOf(request), caseId)).has(itemId)) {
    throw forbidden(
      `item ${itemId} carries a special category of personal data and is visible to case leads only (R11)`,
    );
  }
}

const Tag = Type.Object({
  itemId: Type.String(),
  tag: Type.String(),
  special: Type.Boolean(),
  justification: Type.Union([Type.String(), Type.Null()]),
  addedBy: Type.String(),
  addedAt: Type.String(),
});
const Note = Type.Object({
  id: Type.Integer(),
  itemId: Type.String(),
  text: Type.String(),
  author: Type.String(),
  createdAt: Type.String(),
});

export function searchRoutes(app: TypedApp, vigil: Vigil): void {
  app.get(
    '/api/items/:id/annotations',
    {
      config: { access: { action: 'item.read', caseOf: caseOfItem } },
      schema: {
        tags: ['items'],
        params: ItemParams,
        response: {
          200: Type.Object({ tags: Type.Array(Tag), notes: Type.Array(Note) }),
          ...errors,
        },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      return vigil.annotations.annotations(request.params.id);
    },
  );

  app.post(
    '/api/items/:id/tags',
    {
      config: { access: { action: 'item.read', caseOf: caseOfItem } },
      schema: {
        tags: ['items'],
        summary:
          'Tag an item; a special category (LED Art. 10) needs a justification and restricts the item to case leads',
        params: ItemParams,
        body: Type.Object(
          {
            tag: Type.String({ minLength: 1, maxLength: 64 }),
            justification: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Tag, ...errors },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      return vigil.annotations.addTag(
        principalOf(request).name,
        request.params.id,
        request.body.tag,
        request.body.justification,
      );
    },
  );

  app.post(
    '/api/items/:id/notes',
    {
      config: { access: { action: 'item.read', caseOf: caseOfItem } },
      schema: {
        tags: ['items'],
        params: ItemParams,
        body: Type.Object(
          { text: Type.String({ minLength: 1, maxLength: 20000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Note, ...errors },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      return vigil.annotations.addNote(
        principalOf(request).name,
        request.params.id,
        request.body.text,
      );
    },
  );

  app.get(
    '/api/search',
    {
      config: { access: { action: 'case.list' } },
      schema: {
        tags: ['search'],
        summary:
          'Full-text search (captured text, structured posts, OCR, notes, tags) in the cases you may read; ranked by bm25 up to 200 hits in scope, newest first beyond (`ranking`)',
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: 500 }),
          case: Type.Optional(Type.String({ pattern: '^C-[0-9]+$' })),
          platform: Type.Optional(Type.String({ maxLength: 200 })),
          kind: Type.Optional(Type.Union([Type.Literal('file'), Type.Literal('capture')])),
          from: Type.Optional(Type.String()),
          until: Type.Optional(Type.String()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: {
          200: Type.Object({
            hits: Type.Array(
              Type.Object({
                itemId: Type.String(),
                caseId: Type.String(),
                name: Type.String(),
                platform: Type.Union([Type.String(), Type.Null()]),
                collectedAt: Type.String(),
                snippet: Type.String(),
                rank: Type.Union([Type.Number(), Type.Null()], {
                  description: 'bm25 score, lower is more relevant; null when ranking is recency',
                }),
              }),
            ),
            ranking: Type.Union([Type.Literal('bm25'), Type.Literal('recency')], {
              description:
                'bm25: every hit in scope ranked by relevance; recency: more hits than are ranked per query, newest indexed first',
            }),
            total: Type.Integer({ description: 'hits in scope (at least this many when a bound)' }),
            totalIsLowerBound: Type.Boolean(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { caseIds: readable, hidden } = await readableScope(
        vigil,
        principal,
        request.query.case,
      );
      return vigil.search.searchPage(request.query.q, {
        ...request.query,
        caseIds: readable,
        hiddenItems: hidden,
      });
    },
  );

  app.get(
    '/api/cases/:id/timeline',
    {
      config: { access: { action: 'item.read', caseOf: caseFromParams } },
      schema: {
        tags: ['search'],
        summary: 'Content time (as the platform showed it) against capture time, per item',
        params: CaseParams,
        response: {
          200: Type.Object({
            entries: Type.Array(
              Type.Object({
                itemId: Type.String(),
                name: Type.String(),
                kind: Type.String(),
                contentTime: Type.Union([Type.String(), Type.Null()]),
                contentTimeShown: Type.Union([Type.String(), Type.Null()]),
                captureTime: Type.String(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => ({
      entries: await vigil.search.timeline(
        request.params.id,
        await hiddenItems(vigil, principalOf(request), request.params.id),
      ),
    }),
  );
}
