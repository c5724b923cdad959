/**
 * @module What makes an item an exhibit, over HTTP: Admiralty grading and provenance label (R10,
 * R20), the verification record (R19), fact/assessment findings (R10, LED Art. 7), indicators a
 * person confirms for sharing (R14), and redacted working copies (R5, R13). Each write calls the
 * same `ExportService` / `RedactionService` method as `vigil item …` and `vigil redact`, so the
 * record and its ledger event are the same whichever door was used.
 */
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import { notFound } from '../../core/errors.js';
import {
  ADMIRALTY_CREDIBILITY,
  ADMIRALTY_RELIABILITY,
  ASSERTION_KINDS,
  CONFIDENCE_LEVELS,
  INDICATOR_TYPES,
  PROVENANCE_LABELS,
} from '../../exports/export-types.js';
import { exportsFor } from '../../exports/index.js';
import { caseOfItem, principalOf } from '../auth.js';
import { ItemParams, errors } from '../schemas.js';
import type { TypedApp } from '../types.js';
import { assertItemVisible } from './search.routes.js';

const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <S extends ReturnType<typeof Type.String>>(schema: S) =>
  Type.Union([schema, Type.Null()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

const Grade = Type.Object({
  itemId: Type.String(),
  reliability: literals(ADMIRALTY_RELIABILITY),
  credibility: literals(ADMIRALTY_CREDIBILITY),
  provenanceLabel: Type.Union([literals(PROVENANCE_LABELS), Type.Null()]),
  authorisationRef: Nullable(Type.String()),
  gradedBy: Type.String(),
  gradedAt: Type.String(),
  reason: Type.String(),
});
const Verification = Type.Object({
  itemId: Type.String(),
  source: Type.String(),
  content: Type.String(),
  technical: Type.String(),
  confidence: literals(CONFIDENCE_LEVELS),
  recordedBy: Type.String(),
  recordedAt: Type.String(),
});
const Assertion = Type.Object({
  id: Type.Integer(),
  itemId: Type.String(),
  text: Type.String(),
  kind: Type.Union([literals(ASSERTION_KINDS), Type.Null()]),
  author: Type.String(),
  createdAt: Type.String(),
});
const Indicator = Type.Object({
  itemId: Type.String(),
  type: literals(INDICATOR_TYPES),
  value: Type.String(),
  confirmedBy: Type.String(),
  confirmedAt: Type.String(),
  reason: Type.String(),
});
const Rect = Type.Object(
  {
    x: Type.Integer({ minimum: 0, maximum: 100_000 }),
    y: Type.Integer({ minimum: 0, maximum: 100_000 }),
    width: Type.Integer({ minimum: 1, maximum: 100_000 }),
    height: Type.Integer({ minimum: 1, maximum: 100_000 }),
  },
  { additionalProperties: false },
);
const Span = Type.Object(
  {
    start: Type.Integer({ minimum: 0 }),
    end: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
const Redaction = Type.Object({
  id: Type.Integer(),
  itemId: Type.String(),
  sourceSha256: Type.String(),
  derivedSha256: Type.String(),
  sourceRole: Type.String(),
  rects: Type.Array(Rect),
  spans: Type.Array(Span),
  reason: Type.String(),
  actor: Type.String(),
  createdAt: Type.String(),
});

/** Writes are analysis on content (`item.annotate`); reads need only `item.read`. */
const annotate = { access: { action: 'item.annotate' as const, caseOf: caseOfItem } };
const read = { access: { action: 'item.read' as const, caseOf: caseOfItem } };

export function exhibitRoutes(app: TypedApp, vigil: Vigil): void {
  const service = () => exportsFor(vigil).service;
  const repository = () => exportsFor(vigil).service.deps.repository;

  // POST only: the server exposes no PUT, PATCH or DELETE at all (R8: nothing is edited in place;
  // app.test.ts checks it). Each write is a new ledger event; the repository keeps the latest.
  app.post(
    '/api/items/:id/grade',
    {
      config: annotate,
      schema: {
        tags: ['exhibits'],
        summary:
          'Grade the item on the Admiralty scale (R10) and set its provenance label (R20); logged as an annotation',
        params: ItemParams,
        body: Type.Object(
          {
            reliability: literals([
              ...ADMIRALTY_RELIABILITY,
              ...ADMIRALTY_RELIABILITY.map((r) => r.toLowerCase()),
            ]),
            credibility: literals(ADMIRALTY_CREDIBILITY),
            provenance: Type.Optional(literals(PROVENANCE_LABELS)),
            authorisationRef: Type.Optional(Type.String({ maxLength: 300 })),
            reason: Text(2000),
          },
          { additionalProperties: false },
        ),
        response: { 200: Grade, ...errors },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      return service().grade(principalOf(request).name, request.params.id, request.body);
    },
  );

  app.get(
    '/api/items/:id/grade',
    {
      config: read,
      schema: {
        tags: ['exhibits'],
        summary: 'The Admiralty grade and provenance label of the item, or null',
        params: ItemParams,
        response: { 200: Type.Object({ grade: Type.Union([Grade, Type.Null()]) }), ...errors },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      return { grade: (await repository().grade(request.params.id)) ?? null };
    },
  );

  app.post(
    '/api/items/:id/verification',
    {
      config: annotate,
      schema: {
        tags: ['exhibits'],
        summary:
          'Record how the item was verified (R19: source, content, technical analysis, confidence); the report needs it',
        params: ItemParams,
        body: Type.Object(
          {
            source: Text(5000),
            content: Text(5000),
            technical: Text(5000),
            confidence: literals(CONFIDENCE_LEVELS),
          },
          { additionalProperties: false },
        ),
        response: { 200: Verification, ...errors },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      return service().recordVerification(
        principalOf(request).name,
        request.params.id,
        request.body,
      );
    },
  );

  app.get(
    '/api/items/:id/verification',
    {
      config: read,
      schema: {
        tags: ['exhibits'],
        summary: 'The verification record of the item (R19), or null',
        params: ItemParams,
        response: {
          200: Type.Object({ verification: Type.Union([Verification, Type.Null()]) }),
          ...errors,
        },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      return { verification: (await repository().verification(request.params.id)) ?? null };
    },
  );

  app.post(
    '/api/items/:id/assertions',
    {
      config: annotate,
      schema: {
        tags: ['exhibits'],
        summary:
          'Add a finding for the report, flagged fact or assessment (LED Art. 7); an unflagged one blocks the report',
        params: ItemParams,
        body: Type.Object(
          { text: Text(5000), kind: Type.Optional(literals(ASSERTION_KINDS)) },
          { additionalProperties: false },
        ),
        response: { 200: Assertion, ...errors },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      return service().addAssertion(
        principalOf(request).name,
        request.params.id,
        request.body.text,
        request.body.kind,
      );
    },
  );

  app.post(
    '/api/items/:id/assertions/:assertion/flag',
    {
      config: annotate,
      schema: {
        tags: ['exhibits'],
        summary: 'Flag an existing finding as fact or assessment',
        params: Type.Object({
          id: ItemParams.properties.id,
          assertion: Type.Integer({ minimum: 1 }),
        }),
        body: Type.Object({ kind: literals(ASSERTION_KINDS) }, { additionalProperties: false }),
        response: { 200: Assertion, ...errors },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      // The access check covered the item's case: the finding must belong to that item, or a
      // member of one case could flag findings of another by pairing their ids.
      const existing = await repository().assertion(request.params.assertion);
      if (!existing || existing.itemId !== request.params.id)
        throw notFound(`item ${request.params.id} has no assertion ${request.params.assertion}`, {
          hint: `list them with GET /api/items/${request.params.id}/assertions`,
        });
      return service().flagAssertion(
        principalOf(request).name,
        request.params.assertion,
        request.body.kind,
      );
    },
  );

  app.get(
    '/api/items/:id/assertions',
    {
      config: read,
      schema: {
        tags: ['exhibits'],
        summary: 'The findings on the item, flagged or not',
        params: ItemParams,
        response: { 200: Type.Object({ assertions: Type.Array(Assertion) }), ...errors },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      return { assertions: await repository().assertions(request.params.id) };
    },
  );

  app.post(
    '/api/items/:id/indicators',
    {
      config: annotate,
      schema: {
        tags: ['exhibits'],
        summary:
          'Confirm an indicator (wallet, URL, handle) for sharing; only confirmed ones are exported (R14)',
        params: ItemParams,
        body: Type.Object(
          { type: literals(INDICATOR_TYPES), value: Text(2000), reason: Text(2000) },
          { additionalProperties: false },
        ),
        response: { 200: Indicator, ...errors },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      const { type, value, reason } = request.body;
      return service().confirmIndicator(
        principalOf(request).name,
        request.params.id,
        type,
        value,
        reason,
      );
    },
  );

  app.get(
    '/api/items/:id/indicators',
    {
      config: read,
      schema: {
        tags: ['exhibits'],
        summary: 'Indicators confirmed on the item',
        params: ItemParams,
        response: { 200: Type.Object({ indicators: Type.Array(Indicator) }), ...errors },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      return { indicators: await repository().indicators(request.params.id) };
    },
  );

  app.post(
    '/api/items/:id/redactions',
    {
      config: annotate,
      schema: {
        tags: ['exhibits'],
        summary:
          'Make redacted working copies (rectangles on the screenshot, character spans of the text); the evidentiary copy is untouched and the copy is logged as an alteration',
        params: ItemParams,
        body: Type.Object(
          {
            rects: Type.Optional(Type.Array(Rect, { maxItems: 500 })),
            spans: Type.Optional(Type.Array(Span, { maxItems: 5000 })),
            reason: Text(2000),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ redactions: Type.Array(Redaction) }), ...errors },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      const redactions = await exportsFor(vigil).redaction.redact(
        principalOf(request).name,
        request.params.id,
        request.body,
      );
      return { redactions };
    },
  );

  app.get(
    '/api/items/:id/redactions',
    {
      config: read,
      schema: {
        tags: ['exhibits'],
        summary:
          'Redacted working copies of the item; each copy is downloadable as an artifact by its derivedSha256',
        params: ItemParams,
        response: { 200: Type.Object({ redactions: Type.Array(Redaction) }), ...errors },
      },
    },
    async (request) => {
      await assertItemVisible(vigil, request, request.params.id);
      return { redactions: await repository().redactions(request.params.id) };
    },
  );
}
