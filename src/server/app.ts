/**
 * @module The HTTP server: Fastify with schema-validated routes, the OpenAPI document, security
 * headers, one error mapping, and the guard on every route.
 */
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Vigil } from '../app/vigil.js';
import { isVigilError } from '../core/errors.js';
import { VIGIL_VERSION } from '../core/version.js';
import { guard } from './auth.js';
import type { RouteAccess } from './auth.js';
import { statusFor } from './http-errors.js';
import { authRoutes } from './routes/auth.routes.js';
import { caseRoutes } from './routes/case.routes.js';
import { evidenceExtraRoutes } from './routes/evidence-extra.routes.js';
import { jobRoutes } from './routes/job.routes.js';
import { trainingRoutes } from './routes/training.routes.js';
import { replayRoutes } from './routes/replay.routes.js';
import { webRoutes } from './routes/web.routes.js';
import type { ReplayMinter } from './replay-server.js';
import type { RangeStarter } from '../training/range/variant-ranges.js';
import { triageRoutes } from './routes/triage.routes.js';
import { searchRoutes } from './routes/search.routes.js';
import { exportRoutes } from './routes/export.routes.js';
import { governanceRoutes } from './routes/governance.routes.js';
import { itemRoutes } from './routes/item.routes.js';
import { ledgerRoutes } from './routes/ledger.routes.js';
import { packageRoutes } from './routes/package.routes.js';
import { systemRoutes } from './routes/system.routes.js';
import { userRoutes } from './routes/user.routes.js';
import { SHARED_SCHEMAS } from './schemas.js';
import type { TypedApp } from './types.js';

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    vigilRoutes: RouteEntry[];
  }
}

export interface ServerOptions {
  readonly vigil: Vigil;
  /** Largest upload accepted, in bytes (default 4 GiB). */
  readonly maxUploadBytes?: number;
  /** Folder of the built web UI (default dist/web). */
  readonly webRoot?: string;
  /** The replay origin (`vigil serve` starts it); without it, replay links answer 503. */
  readonly replay?: ReplayMinter;
  /**
   * Starts a trainee's range variant (R24); default: the real range on a free loopback port.
   * `false` runs none (attempt views then carry no range).
   */
  readonly rangeStarter?: RangeStarter | false;
}

/** A Content-Security-Policy without 'unsafe-inline' for the application's own pages. */
const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Builds the server without listening, so tests drive it in-process with `app.inject()`.
 *
 * @example
 * const app = await buildServer({ vigil });
 * const response = await app.inject({ method: 'GET', url: '/api/health' });
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { vigil } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    // Reject unknown properties rather than silently dropping them.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The route table, with each route's access rule, for the authorisation-matrix test and docs.
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, access: route.config?.access });
    }
  });
  app.decorate('vigilRoutes', routes);
  // The workbench may frame the replay origin, and nothing else.
  const appCsp = options.replay ? `${APP_CSP}; frame-src ${options.replay.origin}` : APP_CSP;

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vigil API',
        version: VIGIL_VERSION,
        description: 'Lawful capture, evidence, custody and triage for investigators.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'vigil_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, index) =>
        typeof json.$id === 'string' ? json.$id : `def-${index}`,
    },
  });
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: options.maxUploadBytes ?? 4 * 1024 ** 3, files: 50, fields: 20 },
  });

  // onRequest: authentication and authorisation come before any body is read or validated, so an
  // unauthorised caller learns nothing from validation errors and cannot make the server parse.
  app.addHook('onRequest', guard(vigil));
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    if (!reply.hasHeader('content-security-policy'))
      reply.header('content-security-policy', appCsp);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error, _request, reply) => {
    if (isVigilError(error)) {
      const { code, message, hint, details } = error;
      return reply
        .status(statusFor(code))
        .send({ code, message, ...(hint ? { hint } : {}), ...(details ? { details } : {}) });
    }
    const fastifyError = error as {
      validation?: unknown;
      statusCode?: number;
      code?: string;
      message: string;
    };
    if (fastifyError.validation) {
      return reply.status(400).send({
        code: 'invalid_input',
        message: `invalid request: ${fastifyError.message}`,
        hint: 'see /api/openapi.json for the expected shape',
      });
    }
    const status = fastifyError.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (body too large, unsupported media type, malformed JSON).
      return reply.status(status).send({
        code:
          status === 413 ? 'invalid_input' : (fastifyError.code ?? 'invalid_input').toLowerCase(),
        message: fastifyError.message,
      });
    }
    // No stack trace to clients; the operator sees it on the console.
    console.error(error);
    return reply
      .status(500)
      .send({ code: 'internal', message: 'internal error; the operator log has the details' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      code: 'not_found',
      message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
      hint: 'see /api/openapi.json',
    }),
  );

  const typed: TypedApp = app;
  systemRoutes(typed, vigil);
  authRoutes(typed, vigil);
  userRoutes(typed, vigil);
  caseRoutes(typed, vigil);
  itemRoutes(typed, vigil);
  ledgerRoutes(typed, vigil);
  governanceRoutes(typed, vigil);
  exportRoutes(typed, vigil);
  searchRoutes(typed, vigil);
  jobRoutes(typed, vigil);
  triageRoutes(typed, vigil);
  evidenceExtraRoutes(typed, vigil);
  packageRoutes(typed, vigil, { maxUploadBytes: options.maxUploadBytes ?? 4 * 1024 ** 3 });
  trainingRoutes(typed, vigil, options.rangeStarter);
  replayRoutes(typed, vigil, options.replay);
  webRoutes(typed, options.webRoot);
  await app.ready();
  return app;
}
