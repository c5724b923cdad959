/**
 * @module The data-protection officer's record of processing (R16) and retention runs (R12).
 */
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import { recordsOfProcessing } from '../../cases/records-of-processing.js';
import { principalOf } from '../auth.js';
import { errors } from '../schemas.js';
import type { TypedApp } from '../types.js';

export function governanceRoutes(app: TypedApp, vigil: Vigil): void {
  app.get(
    '/api/records-of-processing',
    {
      config: { access: { action: 'ropa.read' } },
      schema: {
        tags: ['governance'],
        summary:
          'Record of processing activities (LED Art. 24): purposes, categories, recipients, retention',
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errors },
      },
    },
    () =>
      recordsOfProcessing({
        store: vigil.store,
        ledger: vigil.ledger,
        clock: vigil.clock,
        keyId: vigil.signer.keyId,
      }),
  );

  app.post(
    '/api/retention/run',
    {
      config: { access: { action: 'retention.run' } },
      schema: {
        tags: ['governance'],
        summary: 'Run retention now (the server also runs it hourly)',
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errors },
      },
    },
    (request) => vigil.retention.sweep(principalOf(request).name),
  );
}
