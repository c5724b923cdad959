/**
 * @module Cases, their legal bases and members; the items of a case, and ingest by upload.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import { decide } from '../../cases/access.js';
import { invalidInput } from '../../core/errors.js';
import { caseFromParams, principalOf } from '../auth.js';
import { hiddenItems } from './search.routes.js';
import { CaseParams, LegalBasisInput, errors } from '../schemas.js';
import type { TypedApp } from '../types.js';

/** A file name safe to create on disk, keeping what a person recognises. */
const safeName = (name: string): string => {
  const base = [...path.basename(name.replaceAll('\\', '/'))]
    .filter((char) => char.charCodeAt(0) >= 0x20)
    .join('')
    .slice(0, 200);
  return base.length === 0 || base === '.' || base === '..' ? 'upload.bin' : base;
};

export function caseRoutes(app: TypedApp, vigil: Vigil): void {
  app.get(
    '/api/cases',
    {
      config: { access: { action: 'case.list' } },
      schema: {
        tags: ['cases'],
        summary: 'Cases the signed-in person may see',
        response: { 200: Type.Object({ cases: Type.Array(Type.Ref('Case')) }), ...errors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const mine = new Set(await vigil.access.casesOf(principal.name));
      const cases = (await vigil.cases.list()).filter(
        (kase) =>
          decide(principal, 'case.read', {
            workspace: kase.workspace,
            membership: mine.has(kase.id) ? 'member' : null,
          }).allowed,
      );
      return { cases };
    },
  );

  app.post(
    '/api/cases',
    {
      config: { access: { action: 'case.create' } },
      schema: {
        tags: ['cases'],
        summary: 'Open a case under a legal basis; the creator becomes its lead',
        body: Type.Object(
          {
            title: Type.String({ minLength: 1, maxLength: 300 }),
            basis: LegalBasisInput,
            workspace: Type.Optional(
              Type.Union([Type.Literal('operational'), Type.Literal('training')]),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('Case'), ...errors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      // Trainees and trainers open training workspaces only.
      const training = principal.role === 'trainee' || principal.role === 'trainer';
      const workspace = training ? 'training' : (request.body.workspace ?? 'operational');
      // The approval policy (issue 6, R2): on a team server, a supervisor approves the basis first.
      const policy =
        vigil.config.approvalPolicy === 'on' ||
        (vigil.config.approvalPolicy === 'auto' && (await vigil.access.listUsers()).length > 1)
          ? 'approval'
          : 'immediate';
      const view = await vigil.cases.create(principal.name, {
        title: request.body.title,
        basis: request.body.basis,
        workspace,
        policy,
      });
      await vigil.access.setMember(principal.name, view.id, principal.name, 'lead');
      return view;
    },
  );

  app.get(
    '/api/cases/:id',
    {
      config: { access: { action: 'case.read', caseOf: caseFromParams } },
      schema: {
        tags: ['cases'],
        params: CaseParams,
        response: { 200: Type.Ref('Case'), ...errors },
      },
    },
    (request) => vigil.cases.show(request.params.id),
  );

  app.post(
    '/api/cases/:id/close',
    {
      config: { access: { action: 'case.manage', caseOf: caseFromParams } },
      schema: {
        tags: ['cases'],
        params: CaseParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('Case'), ...errors, 409: Type.Ref('Error') },
      },
    },
    (request) =>
      vigil.cases.close(principalOf(request).name, request.params.id, request.body.reason),
  );

  app.post(
    '/api/cases/:id/bases',
    {
      config: { access: { action: 'case.manage', caseOf: caseFromParams } },
      schema: {
        tags: ['cases'],
        params: CaseParams,
        body: LegalBasisInput,
        response: { 200: Type.Ref('LegalBasis'), ...errors, 409: Type.Ref('Error') },
      },
    },
    (request) => vigil.cases.addBasis(principalOf(request).name, request.params.id, request.body),
  );

  app.post(
    '/api/cases/:id/plan',
    {
      config: { access: { action: 'case.manage', caseOf: caseFromParams } },
      schema: {
        tags: ['cases'],
        summary: 'Record the investigation plan and risk assessment (R2)',
        params: CaseParams,
        body: Type.Object(
          {
            plan: Type.String({ minLength: 1, maxLength: 20000 }),
            riskAssessment: Type.String({ minLength: 1, maxLength: 20000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('Case'), ...errors, 409: Type.Ref('Error') },
      },
    },
    (request) =>
      vigil.cases.recordPlan(
        principalOf(request).name,
        request.params.id,
        request.body.plan,
        request.body.riskAssessment,
      ),
  );

  app.post(
    '/api/cases/:id/bases/:basisId/approve',
    {
      config: { access: { action: 'case.approve', caseOf: caseFromParams } },
      schema: {
        tags: ['cases'],
        summary: 'Approve a legal basis (supervisors; not one they recorded)',
        params: Type.Object({
          id: Type.String({ pattern: '^C-[0-9]+$' }),
          basisId: Type.String({ pattern: '^LB-[0-9]+$' }),
        }),
        response: { 200: Type.Ref('LegalBasis'), ...errors, 409: Type.Ref('Error') },
      },
    },
    (request) =>
      vigil.cases.approveBasis(
        principalOf(request).name,
        request.params.id,
        request.params.basisId,
      ),
  );

  app.post(
    '/api/cases/:id/retention',
    {
      config: { access: { action: 'case.manage', caseOf: caseFromParams } },
      schema: {
        tags: ['cases'],
        summary: 'Set the review date, expiry and legal hold (R12); an empty string clears a date',
        params: CaseParams,
        body: Type.Object(
          {
            reviewAt: Type.Optional(Type.String()),
            expiresAt: Type.Optional(Type.String()),
            legalHold: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('Case'), ...errors },
      },
    },
    (request) =>
      vigil.cases.setRetention(principalOf(request).name, request.params.id, request.body),
  );

  app.get(
    '/api/cases/:id/members',
    {
      config: { access: { action: 'case.read', caseOf: caseFromParams } },
      schema: {
        tags: ['cases'],
        params: CaseParams,
        response: { 200: Type.Object({ members: Type.Array(Type.Ref('Membership')) }), ...errors },
      },
    },
    async (request) => ({ members: await vigil.access.members(request.params.id) }),
  );

  app.post(
    '/api/cases/:id/members',
    {
      config: { access: { action: 'case.manage', caseOf: caseFromParams } },
      schema: {
        tags: ['cases'],
        params: CaseParams,
        body: Type.Object(
          {
            userName: Type.String({ minLength: 1 }),
            membership: Type.Union([Type.Literal('lead'), Type.Literal('member')]),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('Membership'), ...errors },
      },
    },
    (request) =>
      vigil.access.setMember(
        principalOf(request).name,
        request.params.id,
        request.body.userName,
        request.body.membership,
      ),
  );

  app.get(
    '/api/cases/:id/items',
    {
      config: { access: { action: 'item.read', caseOf: caseFromParams } },
      schema: {
        tags: ['items'],
        summary:
          'Items of a case in collection order, a page at a time (`next` is the `after` of the next page)',
        params: CaseParams,
        querystring: Type.Object({
          after: Type.Optional(Type.String({ pattern: '^I-[0-9]+$' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref('Item')),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const limit = request.query.limit ?? 100;
      const hidden = await hiddenItems(vigil, principalOf(request), request.params.id);
      // The store hands each item over as JSON text already (the schema above documents it):
      // the page is written out without turning rows into objects and back (issue 6 speed goal).
      const page = await vigil.evidence.pageItemsJson(request.params.id, {
        after: request.query.after,
        limit,
      });
      const last = page.at(-1);
      const items = page.filter((item) => !hidden.has(item.id)).map((item) => item.json);
      const next = page.length === limit && last ? last.id : null;
      return reply
        .type('application/json; charset=utf-8')
        .send(`{"items":[${items.join(',')}],"next":${JSON.stringify(next)}}`);
    },
  );

  app.post(
    '/api/cases/:id/items',
    {
      config: { access: { action: 'item.collect', caseOf: caseFromParams } },
      schema: {
        tags: ['items'],
        summary:
          'Ingest files (multipart/form-data: one or more `file` parts, a `reason` field, optional `sourceUrl`, `acquiredAt`)',
        params: CaseParams,
        consumes: ['multipart/form-data'],
        response: {
          200: Type.Object({ items: Type.Array(Type.Ref('ItemWithArtifacts')) }),
          ...errors,
        },
      },
    },
    async (request) => {
      if (!request.isMultipart())
        throw invalidInput('send multipart/form-data with file parts and a reason field');
      const dir = path.join(vigil.config.home, 'tmp', `upload-${randomBytes(8).toString('hex')}`);
      await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
      try {
        const fields: Record<string, string> = {};
        const files: string[] = [];
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            // Streamed to disk part by part: an upload of any size uses constant memory.
            const target = path.join(dir, `${files.length}`, safeName(part.filename));
            await fsp.mkdir(path.dirname(target), { recursive: true });
            await pipeline(part.file, fs.createWriteStream(target, { flags: 'wx' }));
            if (part.file.truncated)
              throw invalidInput(`${part.filename} is larger than the upload limit`);
            files.push(target);
          } else {
            fields[part.fieldname] = String(part.value);
          }
        }
        const items = await vigil.evidence.ingest({
          actor: principalOf(request).name,
          caseId: request.params.id,
          files,
          reason: fields.reason ?? '',
          sourceUrl: fields.sourceUrl || undefined,
          acquiredAt: fields.acquiredAt || undefined,
        });
        return { items };
      } finally {
        await fsp.rm(dir, { recursive: true, force: true });
      }
    },
  );
}
