/**
 * @module `vigil verify FILE.wacz`, `vigil tsa init`, `vigil tsa serve` (issue 3). Verification
 * is offline and needs no store. JSON fields are a stable contract: `ok`, `checks`,
 * `firstFailure`, `timestamped`, `signedBy`, `timestamps`, `verdict`.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { startTsaServer, tsaInit, verifyPackage } from '../../package/index.js';
import type { VerifyResult } from '../../package/index.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function humanVerify(report: VerifyResult): string {
  const mark = (ok: boolean, status: string): string =>
    status === 'not-timestamped' ? '!!' : ok ? 'ok' : 'XX';
  const lines = [report.verdict, ''];
  if (!report.timestamped)
    lines.push('*** NOT TIMESTAMPED: this package carries no verified RFC 3161 time ***', '');
  for (const check of report.checks)
    lines.push(`  [${mark(check.ok, check.status)}] ${check.name}: ${check.detail}`);
  if (report.exported.length > 0)
    lines.push('', 'exported:', ...report.exported.map((file) => `  ${file}`));
  return lines.join('\n');
}

export function registerPackageCommands(program: Command, context: CliContext): void {
  program
    .command('verify')
    .description(
      'verify an evidence package offline: files, WARC records, index, signature, timestamps, ledger',
    )
    .argument('<file>', 'the .wacz package')
    .option('--tsa-cert <pem>', 'trusted TSA (root) certificate, PEM; repeatable', collect, [])
    .option(
      '--export-tsr <dir>',
      'write datapackage.json, N.tsr and N-chain.pem for openssl ts -verify',
    )
    .action(
      async (
        file: string,
        options: { tsaCert: string[]; exportTsr?: string },
        command: Command,
      ) => {
        const report = await verifyPackage(file, {
          tsaCerts: options.tsaCert,
          ...(options.exportTsr ? { exportTsrDir: options.exportTsr } : {}),
        });
        context.output(command, report, humanVerify, report.ok ? EXIT.ok : EXIT.integrity);
      },
    );

  const tsa = program.command('tsa').description("Vigil's own RFC 3161 time-stamping authority");
  const tsaDir = (command: Command, dir: string | undefined): string =>
    dir ?? path.join(context.config(command).home, 'tsa');
  tsa
    .command('init')
    .description('create the TSA key, its certificate and a root CA certificate')
    .option('--dir <dir>', 'where the TSA lives (default: $VIGIL_HOME/tsa)')
    .option('--policy <oid>', 'the TSA policy OID')
    .option('--name <name>', 'name in the certificates, e.g. the agency')
    .action(async (options: { dir?: string; policy?: string; name?: string }, command: Command) => {
      const result = await tsaInit(tsaDir(command, options.dir), {
        ...(options.policy ? { policy: options.policy } : {}),
        ...(options.name ? { name: options.name } : {}),
      });
      context.output(command, result, (r) =>
        [
          `TSA created in ${r.dir}`,
          `  certificate  ${r.certificate}`,
          `  chain        ${r.chain} (give it to verifiers: --tsa-cert)`,
          `  fingerprint  sha256:${r.fingerprint}`,
          `  policy       ${r.policy}`,
        ].join('\n'),
      );
    });
  tsa
    .command('serve')
    .description('serve RFC 3161 over HTTP on loopback until interrupted')
    .option('--port <port>', 'TCP port (0 picks a free one)', (value) => Number(value), 3161)
    .option('--dir <dir>', 'where the TSA lives (default: $VIGIL_HOME/tsa)')
    .option('--policy <oid>', 'override the TSA policy OID')
    .action(async (options: { port: number; dir?: string; policy?: string }, command: Command) => {
      const server = await startTsaServer({
        host: '127.0.0.1',
        port: options.port,
        dir: tsaDir(command, options.dir),
        ...(options.policy ? { policy: options.policy } : {}),
      });
      context.output(
        command,
        { url: server.url, port: server.port },
        (r) => `TSA serving on ${r.url} (Ctrl-C to stop)`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    });
}
