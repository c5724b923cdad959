/**
 * @module Replay links: a short-lived, signed URL on the replay origin (src/server/replay-server.ts)
 * for an item's sealed WACZ. Minting one re-verifies the package and is logged as a consultation.
 */
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import { invalidInput, unavailable } from '../../core/errors.js';
import { caseOfItem, principalOf } from '../auth.js';
import type { ReplayMinter } from '../replay-server.js';
import { ItemParams, errors } from '../schemas.js';
import type { TypedApp } from '../types.js';
import { assertItemVisible } from './search.routes.js';

export function replayRoutes(app: TypedApp, vigil: Vigil, replay: ReplayMinter | undefined): void {
  app.post(
    '/api/items/:id/replay',
    {
      config: { access: { action: 'item.read', caseOf: caseOfItem } },
      schema: {
        tags: ['items'],
        summary:
          "A short-lived link that replays the item's captured page on the separate replay origin (logged as a consultation)",
        params: ItemParams,
        response: {
          200: Type.Object({ url: Type.String(), expiresAt: Type.String() }),
          ...errors,
          503: Type.Ref('Error'),
        },
      },
    },
    async (request) => {
      if (!replay) {
        throw unavailable('replay is not running in this server', {
          hint: 'start the workbench with `vigil serve`, which runs the replay origin beside it',
        });
      }
      await assertItemVisible(vigil, request, request.params.id);
      const item = await vigil.store.items.get(request.params.id);
      const artifacts = item ? await vigil.store.items.artifacts(item.id) : [];
      const wacz = artifacts.find((artifact) => artifact.role === 'package');
      if (!item || !wacz) {
        throw invalidInput(`item ${request.params.id} has no captured page to replay`, {
          hint: 'replay exists for browser captures; ingested files have their original only',
        });
      }
      // Re-hashes the package (R4) and logs the consultation with its purpose (R7).
      await vigil.evidence.consultArtifact(
        principalOf(request).name,
        item.id,
        wacz.sha256,
        'replay the captured page',
      );
      const finalUrl = typeof item.metadata.finalUrl === 'string' ? item.metadata.finalUrl : null;
      return replay.mint({
        itemId: item.id,
        sha256: wacz.sha256,
        size: wacz.size,
        url: finalUrl ?? item.sourceUrl ?? '',
      });
    },
  );
}
