/**
 * @module `vigil init`: creates the home, the store and the installation's signing key.
 */
import type { Command } from 'commander';
import { layoutOf } from '../../app/vigil.js';
import type { CliContext } from '../context.js';
import { keyValues } from '../format.js';

export function registerInitCommand(program: Command, context: CliContext): void {
  program
    .command('init')
    .description('create the Vigil home, store and Ed25519 signing key (also done on first use)')
    .action(async (_options: unknown, command: Command) => {
      const vigil = await context.vigil(command);
      const layout = layoutOf(vigil.config.home);
      const result = {
        home: vigil.config.home,
        created: vigil.initialised,
        database: layout.database,
        blobs: layout.blobs,
        keyId: vigil.signer.keyId,
        publicKey: vigil.signer.publicKeyPem,
      };
      context.output(command, result, (r) =>
        [
          r.created
            ? `Initialised a new Vigil home at ${r.home}`
            : `Vigil home ${r.home} is ready (already initialised)`,
          keyValues([
            ['database', r.database],
            ['blobs', r.blobs],
            ['signing key', r.keyId],
          ]),
        ].join('\n'),
      );
    });
}
