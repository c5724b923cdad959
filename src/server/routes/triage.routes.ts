/**
 * @module Triage over HTTP: an item's flags with their explanations, list matches and entities
 * linked across cases; review (R14); the queue of suggestions; re-running triage.
 */
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import { entityGraph } from '../../search/graph.js';
import { caseOfItem, principalOf } from '../auth.js';
import { ItemParams, errors } from '../schemas.js';
import type { TypedApp } from '../types.js';
import { assertItemVisible, readableScope } from './search.routes.js';

const Flag = Type.Object(
  {
    id: Type.String(),
    itemId: Type.String(),
    caseId: Type.String(),
    source: Type.String(),
    category: Type.Union([Type.String(), Type.Null()]),
    score: Type.Number(),
    rule: Type.String(),
    spans: Type.Array(
      Type.Object(
        { start: Type.Integer(), end: Type.Integer(), text: Type.String() },
        { additionalProperties: true },
      ),
    ),
    language: Type.Union([Type.String(), Type.Null()]),
    lexiconVersion: Type.Union([Type.String(), Type.Null()]),
    list: Type.Union([Type.String(), Type.Null()]),
    status: Type.Union([
      Type.Literal('suggested'),
      Type.Literal('accepted'),
      Type.Literal('rejected'),
    ]),
    reviewedBy: Type.Union([Type.String(), Type.Null()]),
    reviewedAt: Type.Union([Type.String(), Type.Null()]),
    reviewReason: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'TriageFlag', additionalProperties: true },
);

export function triageRoutes(app: TypedApp, vigil: Vigil): void {
  app.addSchema(Flag);

  app.get(
    '/api/items/:id/triage',
    {
      config: { access: { action: 'item.read', caseOf: caseOfItem } },
      schema: {
        tags: ['triage'],
        summary:
          'Flags (with matched spans in context), hash-list matches, entities linked across cases, OCR',
        params: ItemParams,
        response: {
          200: Type.Object(
            {
              itemId: Type.String(),
              flags: Type.Array(
                Type.Intersect([
                  Type.Ref('TriageFlag'),
                  Type.Object({ context: Type.Array(Type.String()) }),
                ]),
              ),
              matches: Type.Array(Type.Object({}, { additionalProperties: true })),
              entities: Type.Array(Type.Object({}, { additionalProperties: true })),
              ocr: Type.Array(Type.Object({}, { additionalProperties: true })),
            },
            { additionalProperties: true },
          ),
          ...errors,
        },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      return vigil.triage.report(request.params.id, { actor: principalOf(request).name });
    },
  );

  app.post(
    '/api/items/:id/triage/flags/:flagId/review',
    {
      config: { access: { action: 'item.read', caseOf: caseOfItem } },
      schema: {
        tags: ['triage'],
        summary: 'Accept or reject a suggested flag (R14): only accepted labels can leave Vigil',
        params: Type.Object({
          id: Type.String({ pattern: '^I-[0-9]+$' }),
          flagId: Type.String({ minLength: 1, maxLength: 64 }),
        }),
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
            reason: Type.String({ minLength: 1, maxLength: 2000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('TriageFlag'), ...errors, 409: Type.Ref('Error') },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      return vigil.triage.reviewFlag(
        principalOf(request).name,
        request.params.flagId,
        request.body.decision,
        request.body.reason,
        { itemId: request.params.id },
      );
    },
  );

  app.post(
    '/api/items/:id/triage/run',
    {
      config: { access: { action: 'item.collect', caseOf: caseOfItem } },
      schema: {
        tags: ['triage'],
        summary: 'Queue triage of the item again (new lexicons or lists)',
        params: ItemParams,
        response: { 202: Type.Ref('Job'), ...errors },
      },
    },
    async (request, reply) => {
      await assertItemVisible(vigil, request, request.params.id);
      const job = await vigil.jobs.enqueue('triage', {
        itemId: request.params.id,
        actor: principalOf(request).name,
      });
      return reply.status(202).send({ ...job, progress: null, caseId: null });
    },
  );

  app.get(
    '/api/triage/queue',
    {
      config: { access: { action: 'case.list' } },
      schema: {
        tags: ['triage'],
        summary: 'Suggested flags across the cases you may read, highest score first',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: { 200: Type.Object({ flags: Type.Array(Type.Ref('TriageFlag')) }), ...errors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { caseIds: readable, hidden } = await readableScope(vigil, principal, undefined);
      return {
        flags: (await vigil.triage.suggestedFlags(readable, hidden)).slice(
          0,
          request.query.limit ?? 200,
        ),
      };
    },
  );

  app.get(
    '/api/graph',
    {
      config: { access: { action: 'case.list' } },
      schema: {
        tags: ['search'],
        summary:
          'Entity graph (accounts, posts, channels, wallets, links, invites…) across the cases you may read',
        querystring: Type.Object({ case: Type.Optional(Type.String({ pattern: '^C-[0-9]+$' })) }),
        response: {
          200: Type.Object({
            nodes: Type.Array(
              Type.Object({
                id: Type.String(),
                type: Type.String(),
                label: Type.String(),
                cases: Type.Array(Type.String()),
              }),
            ),
            edges: Type.Array(
              Type.Object({ source: Type.String(), target: Type.String(), type: Type.String() }),
            ),
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
      return entityGraph(
        { store: vigil.store, entities: (itemId) => vigil.triage.itemEntities(itemId) },
        readable,
        hidden,
      );
    },
  );
}
