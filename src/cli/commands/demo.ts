/**
 * @module `vigil demo`: a short guided tour of what Vigil does today, on the home it is given.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerDemoCommand(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('guided demo: create a demo case, ingest a sample file, verify the ledger')
    .action(async (_options: unknown, command: Command) => {
      const vigil = await context.vigil(command);
      const user = vigil.config.user;
      const say = (line: string) => context.io.stdout.write(`${line}\n`);
      say(`Vigil home: ${vigil.config.home} (acting as ${user})`);
      say(`Installation signing key: ${vigil.signer.keyId}\n`);

      const now = vigil.clock.now();
      const until = new Date(now.getTime() + 30 * 24 * 3600 * 1000);
      say('1. Opening a demo case under a (fictional) legal basis valid for 30 days…');
      const kase = await vigil.cases.create(user, {
        title: 'Demo: Operation Lantern (training, fictional)',
        basis: {
          authority: 'Demo Magistrate, Fictional District Court',
          reference: `DEMO-${now.toISOString().slice(0, 10)}`,
          purpose: 'demonstrate lawful collection in Vigil',
          validFrom: now.toISOString(),
          validUntil: until.toISOString(),
          scope: 'the sample file only',
        },
      });
      say(`   case ${kase.id} is open; collection allowed under ${kase.activeBasisId ?? '?'}\n`);

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-demo-'));
      const sample = path.join(dir, 'sample-poster.txt');
      fs.writeFileSync(
        sample,
        'SYNTHETIC SAMPLE — Vigil training material. "Join the Lantern Circle" (a fictional group).\n',
      );
      say('2. Ingesting a sample file (streamed, SHA-256 + MD5, stored once, logged)…');
      const [item] = await vigil.evidence.ingest({
        actor: user,
        caseId: kase.id,
        files: [sample],
        reason: 'demo: show how a file becomes evidence',
      });
      fs.rmSync(dir, { recursive: true, force: true });
      if (!item) throw new Error('the demo ingest returned no item');
      say(`   item ${item.id}: ${item.mediaType}, ${item.size} bytes, sha256 ${item.sha256}\n`);

      say('3. Verifying the whole custody ledger (hash chain + signed head)…');
      const verification = await vigil.ledger.verify();
      say(
        `   ${verification.ok ? 'OK' : 'FAILED'}: ${verification.events} events, head #${verification.head?.seq ?? 0}\n`,
      );

      say('4. Verifying every stored blob…');
      const store = await vigil.evidence.verifyStore(user);
      say(`   ${store.ok ? 'OK' : 'FAILED'}: ${store.blobs} blobs, ${store.items} items\n`);

      say('Next steps:');
      say(`  npx vigil item show ${item.id} --home ${vigil.config.home}`);
      say(`  npx vigil ledger list --case ${kase.id} --home ${vigil.config.home}`);
      say('  npx vigil --help');
      context.exitCode = verification.ok && store.ok ? 0 : 5;
    });
}
