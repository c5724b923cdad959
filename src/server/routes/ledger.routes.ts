/**
 * @module The custody ledger over HTTP: read, verify, export. There is no route that edits or
 * deletes an event, for any role (R8).
 */
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import { caseFromParams, principalOf } from '../auth.js';
import { CaseParams, errors } from '../schemas.js';
import type { TypedApp } from '../types.js';

export function ledgerRoutes(app: TypedApp, vigil: Vigil): void {
  const Events = Type.Object({ events: Type.Array(Type.Ref('LedgerEvent')) });

  app.get(
    '/api/ledger',
    {
      config: { access: { action: 'ledger.read' } },
      schema: {
        tags: ['ledger'],
        querystring: Type.Object({
          case: Type.Optional(Type.String()),
          item: Type.Optional(Type.String()),
        }),
        response: { 200: Events, ...errors },
      },
    },
    async (request) => ({
      events: await vigil.ledger.events({ caseId: request.query.case, itemId: request.query.item }),
    }),
  );

  app.get(
    '/api/ledger/verify',
    {
      config: { access: { action: 'ledger.verify' } },
      schema: { tags: ['ledger'], response: { 200: Type.Ref('ChainVerification'), ...errors } },
    },
    () => vigil.ledger.verify(),
  );

  app.get(
    '/api/ledger/export',
    {
      config: { access: { action: 'ledger.read' } },
      schema: {
        tags: ['ledger'],
        summary: 'A verifiable JSONL segment (application/jsonl)',
        querystring: Type.Object({ case: Type.Optional(Type.String({ pattern: '^C-[0-9]+$' })) }),
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) => {
      const segment = await vigil.ledger.exportSegment(
        principalOf(request).name,
        request.query.case ? { caseId: request.query.case } : {},
      );
      return reply.header('content-type', 'application/jsonl; charset=utf-8').send(segment);
    },
  );

  app.get(
    '/api/cases/:id/ledger',
    {
      config: { access: { action: 'ledger.case', caseOf: caseFromParams } },
      schema: { tags: ['ledger'], params: CaseParams, response: { 200: Events, ...errors } },
    },
    async (request) => ({ events: await vigil.ledger.events({ caseId: request.params.id }) }),
  );
}
