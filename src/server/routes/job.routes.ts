/**
 * @module Captures over HTTP as jobs (issue 6): request a capture, follow its stages as
 * server-sent events, read its outcome. Jobs survive a restart (retried or marked failed).
 */
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import type { Principal } from '../../cases/access.js';
import type { Job } from '../../core/jobs.js';
import { forbidden, notFound } from '../../core/errors.js';
import { caseFromParams, principalOf } from '../auth.js';
import { CaseParams, errors } from '../schemas.js';
import type { TypedApp } from '../types.js';

const JobBody = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String(),
    status: Type.Union(['queued', 'running', 'done', 'failed'].map((s) => Type.Literal(s))),
    attempts: Type.Integer(),
    createdAt: Type.String(),
    startedAt: Type.Union([Type.String(), Type.Null()]),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
    result: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    progress: Type.Union([
      Type.Object({ stage: Type.String(), detail: Type.String(), at: Type.String() }),
      Type.Null(),
    ]),
    caseId: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Job' },
);

const view = (vigil: Vigil, job: Job) => ({
  id: job.id,
  kind: job.kind,
  status: job.status,
  attempts: job.attempts,
  createdAt: job.createdAt,
  startedAt: job.startedAt,
  finishedAt: job.finishedAt,
  error: job.error,
  result: job.result,
  progress: vigil.progress.latest(job.id),
  caseId: typeof job.payload.caseId === 'string' ? job.payload.caseId : null,
});

/** A person follows their own jobs; supervisors and administrators follow all. */
async function visibleJob(vigil: Vigil, principal: Principal, id: number): Promise<Job> {
  const job = await vigil.jobs.get(id);
  if (!job) throw notFound(`job ${id} does not exist`);
  if (
    job.payload.actor !== principal.name &&
    principal.role !== 'supervisor' &&
    principal.role !== 'admin'
  ) {
    throw forbidden(`job ${id} belongs to someone else`);
  }
  return job;
}

export function jobRoutes(app: TypedApp, vigil: Vigil): void {
  app.addSchema(JobBody);

  app.post(
    '/api/cases/:id/captures',
    {
      config: { access: { action: 'item.collect', caseOf: caseFromParams } },
      schema: {
        tags: ['capture'],
        summary: 'Capture a URL into the case as a job; follow it at /api/jobs/{id}/events',
        params: CaseParams,
        body: Type.Object(
          {
            url: Type.String({ minLength: 1, maxLength: 8000 }),
            reason: Type.String({ minLength: 1, maxLength: 2000 }),
            persona: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 202: Type.Ref('Job'), ...errors },
      },
    },
    async (request, reply) => {
      const payload = {
        actor: principalOf(request).name,
        caseId: request.params.id,
        url: request.body.url,
        reason: request.body.reason,
        persona: request.body.persona,
      };
      // Refusals (legal basis, persona, URL) are answered and logged now, not when the job runs.
      await vigil.capture.preflight(payload);
      const job = await vigil.jobs.enqueue('capture', payload);
      return reply.status(202).send(view(vigil, job));
    },
  );

  app.get(
    '/api/jobs',
    {
      config: { access: { action: 'job.read' } },
      schema: {
        tags: ['capture'],
        summary: 'Your queued, running and recently failed jobs',
        response: { 200: Type.Object({ jobs: Type.Array(Type.Ref('Job')) }), ...errors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const all = [...(await vigil.jobs.pending()), ...(await vigil.jobs.failed(20))];
      const mine = all.filter(
        (job) =>
          job.payload.actor === principal.name ||
          principal.role === 'supervisor' ||
          principal.role === 'admin',
      );
      return { jobs: mine.map((job) => view(vigil, job)) };
    },
  );

  app.get(
    '/api/jobs/:id',
    {
      config: { access: { action: 'job.read' } },
      schema: {
        tags: ['capture'],
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Ref('Job'), ...errors },
      },
    },
    async (request) =>
      view(vigil, await visibleJob(vigil, principalOf(request), request.params.id)),
  );

  app.get(
    '/api/jobs/:id/events',
    {
      config: { access: { action: 'job.read' } },
      schema: {
        tags: ['capture'],
        summary: 'Server-sent events: `progress` per stage, then `done` or `failed` with the job',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const id = request.params.id;
      await visibleJob(vigil, principal, id);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      const send = (event: string, data: unknown) =>
        raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      // Open the stream at once (a client waits for the headers before anything else happens).
      raw.write(': following job\n\n');
      const latest = vigil.progress.latest(id);
      if (latest) send('progress', latest);
      const unsubscribe = vigil.progress.subscribe(id, (event) => send('progress', event));
      // The job's end is read from the queue, which also sees jobs other processes ran.
      const timer = setInterval(() => {
        void vigil.jobs.get(id).then((job) => {
          if (job && (job.status === 'done' || job.status === 'failed')) {
            send(job.status, view(vigil, job));
            stop();
          }
        });
      }, 250);
      const stop = () => {
        clearInterval(timer);
        unsubscribe();
        raw.end();
      };
      request.raw.once('close', () => {
        clearInterval(timer);
        unsubscribe();
      });
    },
  );
}
