/**
 * @module Health, the OpenAPI document, and whole-store verification.
 */
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import { VIGIL_VERSION } from '../../core/version.js';
import { principalOf } from '../auth.js';
import { errors } from '../schemas.js';
import type { TypedApp } from '../types.js';

export function systemRoutes(app: TypedApp, vigil: Vigil): void {
  app.get(
    '/api/health',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['system'],
        security: [],
        response: { 200: Type.Object({ ok: Type.Boolean(), version: Type.String() }) },
      },
    },
    () => ({ ok: true, version: VIGIL_VERSION }),
  );

  app.get(
    '/api/openapi.json',
    { config: { access: { public: true } }, schema: { hide: true } },
    () => app.swagger(),
  );

  app.post(
    '/api/store/verify',
    {
      config: { access: { action: 'store.verify' } },
      schema: {
        tags: ['system'],
        summary: 'Re-hash every blob and check every item (R4)',
        response: { 200: Type.Ref('StoreVerification'), ...errors },
      },
    },
    (request) => vigil.evidence.verifyStore(principalOf(request).name),
  );
}
