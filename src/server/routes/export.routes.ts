/**
 * @module Reports and sharing over HTTP: the court report PDF, MISP / STIX / GraphML / GEXF /
 * MTGX / ANB / CSV exports (each a download, logged as one disclosure with its recipient), MISP
 * import, and preservation requests with their deadlines. The same domain calls as the CLI; the
 * item annotations those exports rely on are in `exhibit.routes.ts`.
 */
import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.js';
import type { Vigil } from '../../app/vigil.js';
import { CSV_LISTS } from '../../exports/csv.js';
import type { ExportResult } from '../../exports/export-service.js';
import { EXPORT_FORMATS } from '../../exports/export-types.js';
import { exportsFor } from '../../exports/index.js';
import { caseFromParams, principalOf } from '../auth.js';
import { CaseParams, errors } from '../schemas.js';
import type { TypedApp } from '../types.js';
import { exhibitRoutes } from './exhibit.routes.js';

const EXTENSIONS: Record<string, string> = {
  misp: 'misp.json',
  stix: 'stix.json',
  graphml: 'graphml',
  gexf: 'gexf',
  mtgx: 'mtgx',
  anb: 'anb.csv',
  'csv-exhibits': 'exhibits.csv',
  'csv-hashes': 'hashes.csv',
  report: 'pdf',
};

const Recipient = Type.String({ minLength: 1, maxLength: 300 });
const Reason = Type.Optional(Type.String({ maxLength: 2000 }));

export function exportRoutes(app: TypedApp, vigil: Vigil): void {
  // Grading, verification records, findings, indicators and redactions that exports rely on.
  exhibitRoutes(app, vigil);
  /** Captures the bytes the service hands over, to send them as the response body. */
  const capture = () => {
    let body: Buffer = Buffer.alloc(0);
    return {
      sink: (bytes: Buffer) => {
        body = bytes;
        return Promise.resolve(null);
      },
      body: () => body,
    };
  };
  const download = (
    reply: { header(name: string, value: string | number): unknown },
    result: ExportResult,
  ) => {
    reply.header('content-type', result.mediaType);
    reply.header(
      'content-disposition',
      `attachment; filename="${result.caseId}.${EXTENSIONS[result.format] ?? 'bin'}"`,
    );
    reply.header('x-vigil-sha256', result.sha256);
    reply.header('x-vigil-disclosure', result.disclosure);
  };

  app.post(
    '/api/cases/:id/exports/:format',
    {
      config: { access: { action: 'case.export', caseOf: caseFromParams } },
      schema: {
        tags: ['exports'],
        summary:
          "Export a case as MISP, STIX 2.1, GraphML, GEXF, MTGX (Maltego), ANB (i2 Analyst's Notebook CSV) or CSV; logged as a disclosure to the recipient",
        params: Type.Object({
          id: CaseParams.properties.id,
          format: Type.Union(EXPORT_FORMATS.map((f) => Type.Literal(f))),
        }),
        body: Type.Object(
          {
            recipient: Recipient,
            reason: Reason,
            list: Type.Optional(Type.Union(CSV_LISTS.map((l) => Type.Literal(l)))),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Any(), ...errors },
      },
    },
    async (request, reply) => {
      const out = capture();
      const result = await exportsFor(vigil).service.exportCase(
        principalOf(request).name,
        {
          caseId: request.params.id,
          format: request.params.format,
          recipient: request.body.recipient,
          reason: request.body.reason,
          list: request.body.list,
        },
        out.sink,
      );
      download(reply, result);
      return reply.send(out.body());
    },
  );

  app.get(
    '/api/cases/:id/report/readiness',
    {
      config: { access: { action: 'case.export', caseOf: caseFromParams } },
      schema: {
        tags: ['exports'],
        summary:
          'Whether the court report can be made now: the pre-flight (R19 verification records, R10 gradings) without making or disclosing anything',
        params: CaseParams,
        querystring: Type.Object({
          items: Type.Optional(
            Type.String({ pattern: '^I-[0-9]+(,I-[0-9]+)*$', maxLength: 20_000 }),
          ),
        }),
        response: {
          200: Type.Object({
            ready: Type.Boolean(),
            items: Type.Integer(),
            problems: Type.Array(
              Type.Object({ itemId: Type.String(), missing: Type.String(), fix: Type.String() }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) =>
      exportsFor(vigil).reports.readiness(
        principalOf(request).name,
        request.params.id,
        request.query.items?.split(','),
      ),
  );

  app.post(
    '/api/cases/:id/report',
    {
      config: { access: { action: 'case.export', caseOf: caseFromParams } },
      schema: {
        tags: ['exports'],
        summary:
          'Court report PDF (refused with what is missing until every item is verified and graded); logged as a disclosure',
        params: CaseParams,
        body: Type.Object(
          {
            recipient: Recipient,
            reason: Reason,
            items: Type.Optional(
              Type.Array(Type.String({ pattern: '^I-[0-9]+$' }), { maxItems: 1000 }),
            ),
            workingCopies: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Any(), 422: Type.Ref('Error'), ...errors },
      },
    },
    async (request, reply) => {
      const out = capture();
      const result = await exportsFor(vigil).reports.report(
        principalOf(request).name,
        {
          caseId: request.params.id,
          recipient: request.body.recipient,
          reason: request.body.reason,
          itemIds: request.body.items,
          workingCopies: request.body.workingCopies,
        },
        out.sink,
      );
      download(reply, result);
      return reply.send(out.body());
    },
  );

  app.post(
    '/api/cases/:id/imports/misp',
    {
      config: { access: { action: 'item.collect', caseOf: caseFromParams } },
      schema: {
        tags: ['exports'],
        summary:
          'Import a MISP event (JSON body) into the case as entities; logged as a collection',
        params: CaseParams,
        body: Type.Object({ Event: Type.Object({}, { additionalProperties: true }) }),
        response: {
          200: Type.Object({
            eventUuid: Type.String(),
            sha256: Type.String(),
            entities: Type.Integer(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const result = await exportsFor(vigil).service.importMisp(
        principalOf(request).name,
        request.params.id,
        Buffer.from(JSON.stringify(request.body), 'utf8'),
      );
      return { eventUuid: result.eventUuid, sha256: result.fileSha256, entities: result.entities };
    },
  );

  app.post(
    '/api/cases/:id/preservation-requests',
    {
      config: { access: { action: 'case.export', caseOf: caseFromParams } },
      schema: {
        tags: ['exports'],
        summary:
          'Budapest Art. 29 preservation request (JSON with the letter); logged as a disclosure to the provider',
        params: CaseParams,
        body: Type.Object(
          {
            provider: Type.String({ minLength: 1, maxLength: 300 }),
            offence: Type.String({ minLength: 1, maxLength: 2000 }),
            facts: Type.Optional(Type.String({ maxLength: 5000 })),
            authority: Type.Optional(Type.String({ maxLength: 300 })),
            contact: Type.Optional(Type.String({ maxLength: 300 })),
            location: Type.Optional(Type.String({ maxLength: 300 })),
            necessity: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Any(), ...errors },
      },
    },
    async (request) => {
      const json = capture();
      const letter = capture();
      const result = await exportsFor(vigil).preservation.create(
        principalOf(request).name,
        { caseId: request.params.id, ...request.body },
        { json: json.sink, letter: letter.sink },
      );
      return {
        id: result.id,
        sha256: result.sha256,
        preserveUntil: result.preserveUntil,
        request: JSON.parse(json.body().toString('utf8')) as unknown,
        letter: letter.body().toString('utf8'),
      };
    },
  );

  app.get(
    '/api/cases/:id/preservation-requests',
    {
      config: { access: { action: 'case.read', caseOf: caseFromParams } },
      schema: {
        tags: ['exports'],
        summary: 'Preservation requests of the case with deadlines and alerts (R21)',
        params: CaseParams,
        querystring: Type.Object({
          alertDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
        }),
        response: { 200: Type.Any(), ...errors },
      },
    },
    async (request) => {
      const requests = await exportsFor(vigil).preservation.list({
        caseId: request.params.id,
        ...(request.query.alertDays !== undefined ? { alertDays: request.query.alertDays } : {}),
      });
      return { requests, alerts: requests.filter((r) => r.alert).map((r) => r.alert) };
    },
  );

  app.post(
    '/api/cases/:id/preservation-requests/:requestId/extension',
    {
      config: { access: { action: 'case.export', caseOf: caseFromParams } },
      schema: {
        tags: ['exports'],
        summary:
          'Record the extension the provider granted (Budapest Art. 29(7): a further 60 days), once, before the preservation ends',
        params: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 100 }),
          requestId: Type.String({ minLength: 1, maxLength: 100 }),
        }),
        body: Type.Object(
          { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Any(), ...errors },
      },
    },
    async (request) => {
      const preservation = exportsFor(vigil).preservation;
      const { id: caseId, requestId } = request.params;
      // The request must belong to the case the caller was authorised for.
      const ofCase = await preservation.list({ caseId });
      if (!ofCase.some((r) => r.id === requestId))
        throw notFound(`case ${caseId} has no preservation request ${requestId}`, {
          hint: `GET /api/cases/${caseId}/preservation-requests lists them`,
        });
      return preservation.extend(principalOf(request).name, requestId, request.body.reason);
    },
  );
}
