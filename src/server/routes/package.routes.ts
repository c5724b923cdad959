/**
 * @module Evidence packages over HTTP: a sealed multi-item WACZ built for a recipient (a
 * disclosure, R7) and streamed back as an attachment, and the offline verifier run on an uploaded
 * package (`vigil verify --json` over HTTP).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import { forbidden, invalidInput, isVigilError } from '../../core/errors.js';
import { caseFromParams, principalOf } from '../auth.js';
import { CaseParams, errors } from '../schemas.js';
import type { TypedApp } from '../types.js';
import { hiddenItems } from './search.routes.js';

/** Media types a browser or script may label a .wacz upload with (WACZ 1.1 is a ZIP). */
const PACKAGE_MEDIA_TYPES = new Set([
  'application/wacz',
  'application/zip',
  'application/x-zip-compressed',
  'application/octet-stream',
]);
const MAX_TSA_CERTS = 5;
const MAX_PEM_CHARS = 64 * 1024;

const Check = Type.Object(
  {
    name: Type.String(),
    ok: Type.Boolean(),
    status: Type.String(),
    detail: Type.String(),
    file: Type.Optional(Type.String()),
    record: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** The report of `vigil verify --json`, field for field. */
const VerifyReport = Type.Object({
  ok: Type.Boolean(),
  verdict: Type.String(),
  file: Type.String(),
  checks: Type.Array(Check),
  firstFailure: Type.Union([Check, Type.Null()]),
  timestamped: Type.Boolean(),
  signedBy: Type.Union([
    Type.Object({ keyId: Type.String(), fingerprint: Type.String() }),
    Type.Null(),
  ]),
  timestamps: Type.Array(
    Type.Object({
      time: Type.Union([Type.String(), Type.Null()]),
      tsa: Type.Union([Type.String(), Type.Null()]),
      url: Type.String(),
      ok: Type.Boolean(),
      serial: Type.Union([Type.String(), Type.Null()]),
      anchor: Type.Union([Type.Literal('given'), Type.Literal('embedded'), Type.Null()]),
      reason: Type.Optional(Type.String()),
    }),
  ),
  files: Type.Integer(),
  records: Type.Integer(),
  exported: Type.Array(Type.String()),
});

/** A file name safe in a header and on any disk: letters, digits, dot, dash, underscore. */
const safeFileName = (name: string): string =>
  path
    .basename(name)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 120) || 'package.wacz';

export interface PackageRouteOptions {
  /** Largest package accepted for verification, in bytes. */
  readonly maxUploadBytes: number;
}

export function packageRoutes(app: TypedApp, vigil: Vigil, options: PackageRouteOptions): void {
  const scratch = async (prefix: string): Promise<string> => {
    const dir = path.join(vigil.config.home, 'tmp', `${prefix}-${randomBytes(8).toString('hex')}`);
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    return dir;
  };

  app.post(
    '/api/cases/:id/packages',
    {
      config: { access: { action: 'case.export', caseOf: caseFromParams } },
      schema: {
        tags: ['exports'],
        summary:
          'A sealed evidence package (WACZ) of captures of the case for a recipient, streamed as an attachment; logged as a disclosure with the recipient and the package SHA-256',
        params: CaseParams,
        body: Type.Object(
          {
            items: Type.Array(Type.String({ pattern: '^I-[0-9]+$' }), {
              minItems: 1,
              maxItems: 500,
              uniqueItems: true,
            }),
            recipient: Type.String({ minLength: 1, maxLength: 500 }),
            reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Any({ description: 'the package (application/wacz)' }),
          409: Type.Ref('Error'),
          422: Type.Ref('Error'),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const caseId = request.params.id;
      const principal = principalOf(request);
      const recipient = request.body.recipient.trim();
      if (!recipient) throw invalidInput('the recipient is empty: say who receives the package');
      // Every item must be one of this case's: an item of another case (or none) is refused the
      // same way, so the answer says nothing about cases the person may not see.
      for (const itemId of request.body.items) {
        const item = await vigil.store.items.get(itemId);
        if (item?.caseId !== caseId)
          throw invalidInput(`${itemId} is not an item of case ${caseId}`, {
            hint: `list the case's items with GET /api/cases/${caseId}/items`,
          });
      }
      const hidden = await hiddenItems(vigil, principal, caseId);
      const restricted = request.body.items.filter((id) => hidden.has(id));
      if (restricted.length > 0)
        throw forbidden(
          `${restricted.join(', ')} carry a special category of personal data and are visible to case leads only (R11)`,
        );

      const dir = await scratch('package');
      let handedOver = false;
      try {
        const out = path.join(dir, `${caseId}.wacz`);
        const result = await vigil.capture.packageItems({
          actor: principal.name,
          itemIds: request.body.items,
          out,
          recipient,
          reason: request.body.reason,
          label: 'streamed over HTTP to the requester',
        });
        const fileName = `${caseId}-${result.sha256.slice(0, 12)}.wacz`;
        const stream = fs.createReadStream(out);
        // The scratch copy goes as soon as the download ends, completed or aborted.
        stream.once('close', () => void fsp.rm(dir, { recursive: true, force: true }));
        handedOver = true;
        return reply
          .header('content-type', 'application/wacz')
          .header('content-disposition', `attachment; filename="${fileName}"`)
          .header('content-length', result.size)
          .header('content-security-policy', "sandbox; default-src 'none'")
          .header('digest', `sha-256=${Buffer.from(result.sha256, 'hex').toString('base64')}`)
          .header('x-vigil-package-sha256', result.sha256)
          .header('x-vigil-timestamped', String(result.timestamped))
          .send(stream);
      } finally {
        if (!handedOver) await fsp.rm(dir, { recursive: true, force: true });
      }
    },
  );

  app.post(
    '/api/packages/verify',
    {
      config: { access: { action: 'package.verify' } },
      schema: {
        tags: ['exports'],
        summary:
          'Verify an uploaded evidence package offline (multipart/form-data: one `file` part, optional `tsaCert` PEM fields); the report of `vigil verify --json`',
        consumes: ['multipart/form-data'],
        response: { 200: VerifyReport, ...errors, 413: Type.Ref('Error') },
      },
    },
    async (request) => {
      if (!request.isMultipart())
        throw invalidInput('send multipart/form-data with one `file` part holding the .wacz');
      const dir = await scratch('verify');
      try {
        const tsaCerts: string[] = [];
        let upload: { file: string; name: string } | null = null;
        for await (const part of request.parts({ limits: { fileSize: options.maxUploadBytes } })) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file' || upload) {
              part.file.resume();
              throw invalidInput('send exactly one file part, named `file`');
            }
            const mediaType = part.mimetype.split(';')[0]?.trim().toLowerCase() ?? '';
            if (!PACKAGE_MEDIA_TYPES.has(mediaType) || !/\.wacz$/i.test(part.filename)) {
              part.file.resume();
              throw invalidInput(
                `${part.filename} (${part.mimetype}) is not an evidence package: expected a .wacz file sent as application/wacz, application/zip or application/octet-stream`,
              );
            }
            const target = path.join(dir, 'upload.wacz');
            // Streamed to disk: a package of any size (up to the limit) uses constant memory.
            await pipeline(part.file, fs.createWriteStream(target, { flags: 'wx', mode: 0o600 }));
            if (part.file.truncated)
              throw invalidInput(`${part.filename} is larger than the upload limit`);
            upload = { file: target, name: safeFileName(part.filename) };
          } else if (part.fieldname === 'tsaCert') {
            const pem = String(part.value);
            // PEM text only: a path here would make the server read its own files.
            if (!pem.includes('-----BEGIN CERTIFICATE-----') || pem.length > MAX_PEM_CHARS)
              throw invalidInput('tsaCert must be a PEM certificate (-----BEGIN CERTIFICATE-----)');
            if (tsaCerts.length >= MAX_TSA_CERTS)
              throw invalidInput(`at most ${MAX_TSA_CERTS} tsaCert fields`);
            tsaCerts.push(pem);
          } else {
            throw invalidInput(`unexpected field ${part.fieldname}: send \`file\` and \`tsaCert\``);
          }
        }
        if (!upload) throw invalidInput('no `file` part: attach the .wacz to verify');
        const { verifyPackage } = await import('../../package/index.js');
        let report: Awaited<ReturnType<typeof verifyPackage>>;
        try {
          report = await verifyPackage(upload.file, { tsaCerts });
        } catch (error) {
          // Whatever an uploaded file makes the verifier stumble on is the file's fault.
          if (isVigilError(error)) throw invalidInput(error.message, { cause: error });
          throw invalidInput(
            `the package could not be verified: ${(error as Error).message ?? String(error)}`,
            { cause: error },
          );
        }
        const named = { ...report, file: upload.name };
        if (report.checks.length === 1 && report.firstFailure?.name === 'zip-structure') {
          // Nothing in it was read: a hostile or broken ZIP is the request's fault.
          throw invalidInput(`${upload.name} was refused: ${report.firstFailure.detail}`, {
            hint: 'this is not a sound ZIP; ask the sender for the original package',
            details: { report: named },
          });
        }
        return named;
      } finally {
        await fsp.rm(dir, { recursive: true, force: true });
      }
    },
  );
}
