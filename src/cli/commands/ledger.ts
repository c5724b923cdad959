/**
 * @module `vigil ledger verify|export|list`: the custody ledger, checked and exported.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { verifyLedgerSegment } from '../../custody/segment.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { table } from '../format.js';
import { writeFileAtomic } from '../write-file.js';

export function registerLedgerCommands(program: Command, context: CliContext): void {
  const ledger = program.command('ledger').description('the hash-chained custody ledger');

  ledger
    .command('verify')
    .description(
      're-compute the whole chain and check the signed head; exit 5 naming the first bad event',
    )
    .option('--segment <file>', 'verify an exported segment file instead of this installation')
    .action(async (options: { segment?: string }, command: Command) => {
      let result;
      if (options.segment) {
        result = verifyLedgerSegment(fs.readFileSync(options.segment, 'utf8'));
      } else {
        const vigil = await context.vigil(command);
        result = { ...(await vigil.ledger.verify()), keyId: vigil.signer.keyId };
      }
      context.output(
        command,
        result,
        (r) =>
          r.ok
            ? `Ledger verified: ${r.events} events, head ${r.head ? `#${r.head.seq} ${r.head.hash}` : '(empty)'}, signed by ${r.keyId ?? '?'}`
            : `LEDGER VERIFICATION FAILED at event ${r.firstBad ?? '?'}: ${r.reason ?? ''}`,
        result.ok ? EXIT.ok : EXIT.integrity,
      );
    });

  ledger
    .command('export')
    .description(
      'write a verifiable JSONL segment (whole events of the scope, stubs for the rest, signed head)',
    )
    .option('--case <id>', 'only this case’s events in full')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (options: { case?: string; out?: string }, command: Command) => {
      const vigil = await context.vigil(command);
      if (options.case) await vigil.cases.show(options.case);
      const text = await vigil.ledger.exportSegment(
        vigil.config.user,
        options.case ? { caseId: options.case } : {},
      );
      if (!options.out) {
        context.io.stdout.write(text);
        return;
      }
      const written = await writeFileAtomic(options.out, text);
      context.output(
        command,
        { ...written, caseId: options.case ?? null },
        (w) => `Wrote ledger segment ${w.path} (sha256 ${w.sha256})`,
      );
    });

  ledger
    .command('list')
    .description('list ledger events')
    .option('--case <id>', 'events of one case')
    .option('--item <id>', 'events of one item')
    .action(async (options: { case?: string; item?: string }, command: Command) => {
      const vigil = await context.vigil(command);
      const events = await vigil.ledger.events({ caseId: options.case, itemId: options.item });
      context.output(command, { events }, ({ events: list }) =>
        table(
          ['SEQ', 'TIME', 'ACTOR', 'ACTION', 'CASE', 'ITEM', 'REASON'],
          list.map((e) => [e.seq, e.time, e.actor, e.action, e.caseId, e.itemId, e.reason]),
        ),
      );
    });
}
