/**
 * @module The cohort desk of a Vigil installation (issue 9), composed from its stores: the server
 * and `vigil cohort` both build it here, so they share one setup. Only a long-running server
 * passes `ranges` (each trainee's range variant, R24); the CLI exits, so it starts none.
 */
import { trainingRepositoryFor } from '../store/sqlite/training-repository.js';
import { certificateServiceFor } from '../training/certificates/index.js';
import { CohortService } from '../training/cohorts/cohort-service.js';
import { variantInteractionsFile } from '../training/range/variant-ranges.js';
import type { VariantRanges } from '../training/range/variant-ranges.js';
import { loadScenarios } from '../training/range/scenarios.js';
import type { Scenario } from '../training/range/scenario-schema.js';
import type { Vigil } from './vigil.js';

export function cohortServiceFor(
  vigil: Vigil,
  options: { ranges?: VariantRanges } = {},
): CohortService {
  const repository = trainingRepositoryFor(vigil.store);
  let scenarios: Scenario[] | undefined;
  return new CohortService({
    repository,
    clock: vigil.clock,
    scenarios: () => (scenarios ??= loadScenarios()),
    users: () => vigil.access.listUsers(),
    openTrainingCase: async ({ trainee, trainer, title, basis }) => {
      // A training workspace (never operational) under the basis the trainee recorded; the
      // trainee leads it and the trainer joins to review the evidence.
      const view = await vigil.cases.create(trainee, {
        title,
        basis,
        workspace: 'training',
        policy: 'immediate',
      });
      await vigil.access.setMember(trainer, view.id, trainee, 'lead');
      await vigil.access.setMember(trainer, view.id, trainer, 'member');
      return view.id;
    },
    casePackages: async (caseId) => {
      const packages = [];
      for (const item of await vigil.store.items.listByCase(caseId)) {
        if (item.kind !== 'capture') continue;
        const sealed = (await vigil.store.items.artifacts(item.id)).find(
          (a) => a.role === 'package',
        );
        if (sealed)
          packages.push({
            name: `${item.id}.wacz`,
            sha256: sealed.sha256,
            path: vigil.blobs.pathOf(sealed.sha256),
          });
      }
      return packages;
    },
    // The log the variant's range writes, whether this server started it or a trainer ran
    // `vigil range serve --variant` on the same home.
    interactionsFile: (seed, variant) => variantInteractionsFile(vigil.config.home, seed, variant),
    ...(options.ranges ? { ranges: options.ranges } : {}),
    certificates: certificateServiceFor({
      home: vigil.config.home,
      repository,
      clock: vigil.clock,
    }),
  });
}
