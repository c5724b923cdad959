/**
 * @module `vigil store verify`: re-hash every blob and check every item against it (R4).
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { table } from '../format.js';

export function registerStoreCommands(program: Command, context: CliContext): void {
  const store = program.command('store').description('the evidence store');
  store
    .command('verify')
    .description(
      're-hash every blob and check every item; failures are logged as integrity_failure',
    )
    .action(async (_options: unknown, command: Command) => {
      const vigil = await context.vigil(command);
      const result = await vigil.evidence.verifyStore(vigil.config.user);
      context.output(
        command,
        result,
        (r) =>
          r.ok
            ? `Store verified: ${r.blobs} blobs, ${r.items} items, every byte matches its SHA-256`
            : [
                `STORE VERIFICATION FAILED: ${r.bad.length} of ${r.blobs} blobs are damaged`,
                table(
                  ['PROBLEM', 'SHA-256', 'ITEMS'],
                  r.bad.map((b) => [b.problem, b.sha256, b.items.join(' ')]),
                ),
                'Each failure was recorded in the ledger as integrity_failure. Restore the blobs from backup.',
              ].join('\n'),
        result.ok ? EXIT.ok : EXIT.integrity,
      );
    });
}
