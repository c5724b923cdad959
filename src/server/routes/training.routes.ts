/**
 * @module Cohorts, assignments, attempts, submissions, overrides, dashboards and certificate
 * revocation over HTTP (issue 9, R24–R26). The guard checks the role; the cohort service narrows
 * a trainer to their own cohorts and a trainee to their own attempts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import { DEFAULT_CHROMIUM_CANDIDATES, findChromium } from '../../capture/chromium.js';
import { cohortServiceFor } from '../../app/training-desk.js';
import { renderCertificatePdf } from '../../training/certificates/index.js';
import { startRange } from '../../training/range/server.js';
import { VariantRanges } from '../../training/range/variant-ranges.js';
import type { RangeStarter } from '../../training/range/variant-ranges.js';
import { principalOf } from '../auth.js';
import { LegalBasisInput, errors } from '../schemas.js';
import type { TypedApp } from '../types.js';

const Loose = Type.Object({}, { additionalProperties: true });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

const Answers = Type.Object(
  {
    categories: Type.Optional(Type.Record(Type.String(), Type.String())),
    wallets: Type.Optional(Type.Array(Type.String())),
    handles: Type.Optional(Type.Array(Type.String())),
    entities: Type.Optional(Type.Array(Type.String())),
    tasks: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])),
    ),
  },
  { additionalProperties: false },
);

/** The real range for a variant, on a free loopback port, its media cached under the home. */
const realRange =
  (vigil: Vigil): RangeStarter =>
  ({ seed, variant, violationsFile }) =>
    startRange({
      seed,
      variant,
      port: 0,
      cacheDir: path.join(vigil.config.home, 'range-cache'),
      violationsFile,
    });

export function trainingRoutes(
  app: TypedApp,
  vigil: Vigil,
  rangeStarter: RangeStarter | false = realRange(vigil),
): void {
  // Each trainee's range variant runs while an attempt window is open (R24), allow-listed for
  // capture like the range `vigil serve --range-port` starts, and stops with the server.
  const ranges =
    rangeStarter === false
      ? undefined
      : new VariantRanges({
          home: vigil.config.home,
          clock: vigil.clock,
          start: rangeStarter,
          register: ({ url, seed, variant }) =>
            vigil.runs.register({
              kind: 'range',
              url,
              pid: process.pid,
              startedAt: vigil.clock.now().toISOString(),
              details: { seed, variant },
            }),
        });
  if (ranges) {
    // Windows close while nobody asks: stop their ranges within a minute.
    const reaper = setInterval(() => void ranges.reap().catch(() => undefined), 60_000);
    reaper.unref();
    app.addHook('onClose', async () => {
      clearInterval(reaper);
      await ranges.close();
    });
  }
  const desk = cohortServiceFor(vigil, ranges ? { ranges } : {});
  const manage = { access: { action: 'training.manage' as const } };
  const participate = { access: { action: 'training.participate' as const } };
  const tags = ['training'];

  app.post(
    '/api/cohorts',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create a cohort (its range seed is shared; variants differ per trainee)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            seed: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Loose, ...errors },
      },
    },
    async (request) => ({ ...(await desk.createCohort(principalOf(request), request.body)) }),
  );

  app.get(
    '/api/cohorts',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The cohorts you manage',
        response: { 200: Type.Object({ cohorts: Type.Array(Loose) }), ...errors },
      },
    },
    async (request) => ({ cohorts: await desk.listCohorts(principalOf(request)) }),
  );

  app.get(
    '/api/cohorts/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'A cohort with its enrolments and assignments',
        params: IdParams,
        response: { 200: Loose, ...errors },
      },
    },
    async (request) => desk.cohortDetail(principalOf(request), request.params.id),
  );

  app.post(
    '/api/cohorts/:id/enrolments',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Enrol trainees; each gets their own unguessable range variant (R24)',
        params: IdParams,
        body: Type.Object(
          {
            trainees: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
              minItems: 1,
              maxItems: 500,
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ enrolments: Type.Array(Loose) }),
          ...errors,
          409: Type.Ref('Error'),
        },
      },
    },
    async (request) => ({
      enrolments: await desk.enrol(principalOf(request), request.params.id, request.body.trainees),
    }),
  );

  app.post(
    '/api/cohorts/:id/assignments',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Assign a scenario pack with a time window; nothing is accepted outside it',
        params: IdParams,
        body: Type.Object(
          {
            scenario: Type.String({ minLength: 1, maxLength: 100 }),
            opensAt: Type.String({ minLength: 1, description: 'ISO 8601 date-time' }),
            closesAt: Type.String({ minLength: 1, description: 'ISO 8601 date-time' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Loose, ...errors },
      },
    },
    async (request) => ({
      ...(await desk.assign(principalOf(request), request.params.id, request.body)),
    }),
  );

  app.get(
    '/api/cohorts/:id/dashboard',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Results per trainee and criterion (overrides applied); CSV with ?format=csv',
        params: IdParams,
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
        }),
        response: { 200: Type.Union([Loose, Type.String()]), ...errors },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request);
      if (request.query.format === 'csv') {
        const csv = await desk.dashboardCsv(actor, request.params.id);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="${request.params.id}-dashboard.csv"`,
          )
          .send(csv);
      }
      return desk.dashboard(actor, request.params.id);
    },
  );

  app.post(
    '/api/assignments/:id/attempts',
    {
      config: participate,
      schema: {
        tags,
        summary:
          'Start an assignment: opens your training case under the legal basis you record; returns case, variant and briefing',
        params: IdParams,
        body: Type.Object({ basis: LegalBasisInput }, { additionalProperties: false }),
        response: { 200: Loose, ...errors, 409: Type.Ref('Error') },
      },
    },
    async (request) => ({
      ...(await desk.startAttempt(principalOf(request), request.params.id, request.body.basis)),
    }),
  );

  app.get(
    '/api/attempts/:id',
    {
      config: participate,
      schema: {
        tags,
        summary: 'An attempt with its result, feedback per criterion, overrides and certificate',
        params: IdParams,
        response: { 200: Loose, ...errors },
      },
    },
    async (request) => ({ ...(await desk.getAttempt(principalOf(request), request.params.id)) }),
  );

  app.post(
    '/api/attempts/:id/submission',
    {
      config: participate,
      schema: {
        tags,
        summary:
          "Submit the attempt: the training case's sealed packages and your answers, assessed now (R25)",
        params: IdParams,
        body: Type.Object(
          {
            answers: Type.Optional(Answers),
            items: Type.Optional(
              Type.Array(Type.String({ pattern: '^I-[0-9]+$' }), {
                maxItems: 500,
                description: 'the capture items whose packages are submitted (default: all)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Loose, ...errors },
      },
    },
    async (request) => ({
      ...(await desk.submit(
        principalOf(request),
        request.params.id,
        request.body.answers ?? {},
        request.body.items,
      )),
    }),
  );

  app.post(
    '/api/attempts/:id/overrides',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Override one criterion of the latest submission, with a reason (append-only)',
        params: IdParams,
        body: Type.Object(
          {
            criterion: Type.String({ minLength: 1, maxLength: 64 }),
            score: Type.Number({ minimum: 0 }),
            reason: Type.String({ minLength: 3, maxLength: 2000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Loose, ...errors, 409: Type.Ref('Error') },
      },
    },
    async (request) => ({
      ...(await desk.override(principalOf(request), request.params.id, request.body)),
    }),
  );

  app.post(
    '/api/certificates/:id/revocation',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Revoke a certificate with a reason; the signed status list is republished',
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 3, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Loose, ...errors, 409: Type.Ref('Error') },
      },
    },
    async (request) => ({
      ...(await desk.revokeCertificate(
        principalOf(request),
        request.params.id,
        request.body.reason,
      )),
    }),
  );

  const readCertificate = { access: { action: 'certificate.read' as const } };

  app.get(
    '/api/certificates/:id',
    {
      config: readCertificate,
      schema: {
        tags,
        summary:
          'A certificate (CRT-n or its urn:uuid id): register entry, signed credential and revocation, if any',
        params: IdParams,
        response: { 200: Loose, ...errors },
      },
    },
    async (request) => ({ ...(await desk.certificate(principalOf(request), request.params.id)) }),
  );

  app.get(
    '/api/certificates/:id/pdf',
    {
      config: readCertificate,
      schema: {
        tags,
        summary:
          'The printable certificate (PDF with a QR code carrying the credential), via Chromium',
        params: IdParams,
        response: { 200: Type.Unknown(), ...errors },
      },
    },
    async (request, reply) => {
      const found = await desk.certificate(principalOf(request), request.params.id);
      const chromiumPath = await findChromium([
        vigil.config.chromium,
        ...DEFAULT_CHROMIUM_CANDIDATES,
      ]);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-cert-pdf-'));
      try {
        const rendered = await renderCertificatePdf(found.credential, {
          out: path.join(dir, `${found.id}.pdf`),
          chromiumPath,
        });
        const bytes = await readFile(rendered.path);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${found.id}.pdf"`)
          .send(bytes);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  app.post(
    '/api/certificates/verify',
    {
      config: { access: { action: 'certificate.verify' as const } },
      schema: {
        tags,
        summary:
          'Verify a credential offline: proof, issuer key, validity dates, revocation (as `vigil cert verify --json`)',
        body: Type.Object(
          { credential: Type.Object({}, { additionalProperties: true }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            {
              ok: Type.Boolean(),
              checks: Type.Array(
                Type.Object({ name: Type.String(), ok: Type.Boolean(), detail: Type.String() }),
              ),
              revoked: Type.Union([Type.Boolean(), Type.Null()]),
              issuer: Type.Union([Type.String(), Type.Null()]),
              recipient: Type.Union([Type.String(), Type.Null()]),
              achievement: Type.Union([Type.String(), Type.Null()]),
            },
            { additionalProperties: true },
          ),
          ...errors,
        },
      },
    },
    async (request) => ({ ...(await desk.verify(request.body.credential)) }),
  );

  app.get(
    '/api/me/training',
    {
      config: participate,
      schema: {
        tags,
        summary: 'Your enrolments, assignments, attempts with feedback, and certificates',
        response: { 200: Loose, ...errors },
      },
    },
    async (request) => ({ ...(await desk.myTraining(principalOf(request))) }),
  );
}
