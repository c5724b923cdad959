/**
 * @module The rest of what the CLI can do, over HTTP: hash lists, recapture, re-verifying an
 * item's sealed package, and the training range's scenario briefings.
 */
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import { invalidInput, notFound } from '../../core/errors.js';
import { caseOfItem, principalOf } from '../auth.js';
import { ItemParams, errors } from '../schemas.js';
import type { TypedApp } from '../types.js';
import { assertItemVisible } from './search.routes.js';

const Loose = Type.Object({}, { additionalProperties: true });

export function evidenceExtraRoutes(app: TypedApp, vigil: Vigil): void {
  app.get(
    '/api/hashlists',
    {
      config: { access: { action: 'hashlist.read' } },
      schema: {
        tags: ['triage'],
        summary: 'Imported hash lists with their provenance',
        response: { 200: Type.Object({ lists: Type.Array(Loose) }), ...errors },
      },
    },
    async () => ({
      lists: (await vigil.hashlists.listHashLists()) as unknown as Record<string, unknown>[],
    }),
  );

  app.post(
    '/api/hashlists',
    {
      config: { access: { action: 'hashlist.manage' } },
      schema: {
        tags: ['triage'],
        summary:
          'Import a hash list (CSV `type,value,labels`, JSON, ThreatExchange CSV); malformed rows are reported by line',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 64 }),
            content: Type.String({ minLength: 1, maxLength: 50 * 1024 * 1024 }),
            format: Type.Optional(Type.String()),
            source: Type.Optional(Type.String({ maxLength: 500 })),
            replace: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Loose, ...errors, 409: Type.Ref('Error') },
      },
      bodyLimit: 50 * 1024 * 1024,
    },
    async (request) =>
      (await vigil.hashlists.importHashList({
        name: request.body.name,
        content: request.body.content,
        format: request.body.format as never,
        source: request.body.source ?? principalOf(request).name,
        replace: request.body.replace,
      })) as unknown as Record<string, unknown>,
  );

  app.get(
    '/api/hashlists/:name',
    {
      config: { access: { action: 'hashlist.read' } },
      schema: {
        tags: ['triage'],
        summary: 'Export a hash list (CSV, or JSON with ?format=json)',
        params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json')])),
        }),
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'csv';
      const body = await vigil.hashlists.exportHashList(request.params.name, format);
      return reply
        .header('content-type', format === 'json' ? 'application/json' : 'text/csv; charset=utf-8')
        .send(body);
    },
  );

  app.post(
    '/api/items/:id/recapture',
    {
      config: { access: { action: 'item.collect', caseOf: caseOfItem } },
      schema: {
        tags: ['capture'],
        summary:
          'Capture an item’s URL again as a job; the job result says whether it changed or is gone',
        params: ItemParams,
        body: Type.Object(
          {
            reason: Type.Optional(Type.String({ maxLength: 2000 })),
            persona: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 202: Type.Ref('Job'), ...errors },
      },
    },
    async (request, reply) => {
      await assertItemVisible(vigil, request, request.params.id);
      const item = await vigil.store.items.get(request.params.id);
      if (!item?.sourceUrl || item.kind !== 'capture')
        throw invalidInput(
          `item ${request.params.id} is not a capture, so there is no URL to capture again`,
        );
      const payload = {
        actor: principalOf(request).name,
        itemId: item.id,
        reason: request.body.reason,
        persona: request.body.persona,
      };
      await vigil.capture.preflight({
        actor: payload.actor,
        caseId: item.caseId,
        url: item.sourceUrl,
        reason: payload.reason ?? 'recapture',
        persona: payload.persona,
      });
      const job = await vigil.jobs.enqueue('recapture', payload);
      return reply.status(202).send({ ...job, progress: null, caseId: item.caseId });
    },
  );

  app.get(
    '/api/items/:id/verify',
    {
      config: { access: { action: 'item.read', caseOf: caseOfItem } },
      schema: {
        tags: ['items'],
        summary: 'Verify the item’s sealed package now, as `vigil verify` would offline',
        params: ItemParams,
        response: { 200: Loose, ...errors },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      const artifact = (await vigil.store.items.artifacts(request.params.id)).find(
        (a) => a.role === 'package',
      );
      if (!artifact)
        throw notFound(`item ${request.params.id} has no sealed package`, {
          hint: 'ingested files are verified with POST /api/store/verify; captures carry a package',
        });
      const { verifyPackage } = await import('../../package/index.js');
      const result = await verifyPackage(vigil.blobs.pathOf(artifact.sha256));
      await vigil.ledger.append({
        actor: principalOf(request).name,
        action: 'consultation',
        caseId: (await vigil.store.items.get(request.params.id))?.caseId ?? null,
        itemId: request.params.id,
        reason: 'package verified on request',
        data: { what: 'package verification', sha256: artifact.sha256, ok: result.ok },
      });
      return result;
    },
  );

  app.get(
    '/api/range/scenarios',
    {
      config: { access: { action: 'scenario.read' } },
      schema: {
        tags: ['training'],
        summary: 'Scenario packs of the training range: briefings and tasks, never answer keys',
        response: {
          200: Type.Object({
            scenarios: Type.Array(
              Type.Object({
                name: Type.String(),
                title: Type.String(),
                categories: Type.Array(Type.String()),
                languages: Type.Array(Type.String()),
                difficulty: Type.String(),
                timeLimitMinutes: Type.Integer(),
                briefing: Type.String(),
                tasks: Type.Array(
                  Type.Object({
                    id: Type.String(),
                    kind: Type.String(),
                    prompt: Type.String(),
                    points: Type.Integer(),
                  }),
                ),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async () => {
      const { loadScenarios } = await import('../../training/range/index.js');
      return {
        scenarios: loadScenarios().map((s) => ({
          name: s.name,
          title: s.title,
          categories: [...s.categories],
          languages: [...s.languages],
          difficulty: s.difficulty,
          timeLimitMinutes: s.timeLimitMinutes,
          briefing: s.briefing,
          tasks: s.tasks.map(({ id, kind, prompt, points }) => ({ id, kind, prompt, points })),
        })),
      };
    },
  );
}
