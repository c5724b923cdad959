/**
 * @module Ingest throughput: `vigil ingest` of a 1 GiB file (stream, SHA-256 + MD5, atomic blob
 * write, metadata, ledger) vs `sha256sum` reading the same file, in the same run (issue 2).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openVigil } from '../src/app/vigil.js';
import { loadConfig } from '../src/core/config.js';
import type { BenchResult } from './types.js';

const WORK = path.resolve(import.meta.dirname, '.work');
const SIZE = 1024 ** 3;

function ensureInput(): string {
  const file = path.join(WORK, 'ingest-1gib.bin');
  if (fs.existsSync(file) && fs.statSync(file).size === SIZE) return file;
  fs.mkdirSync(WORK, { recursive: true });
  const fd = fs.openSync(file, 'w');
  const chunk = randomBytes(16 * 1024 * 1024);
  for (let written = 0; written < SIZE; written += chunk.length) fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  return file;
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

export default async function run(): Promise<BenchResult[]> {
  const input = ensureInput();
  // Warm the page cache once so neither side pays the first read from disk.
  execFileSync('sha256sum', [input]);
  let start = process.hrtime.bigint();
  execFileSync('sha256sum', [input]);
  const baseline = SIZE / 1024 ** 2 / seconds(start);

  const home = fs.mkdtempSync(path.join(WORK, 'home-'));
  const vigil = await openVigil(loadConfig({}, { home, as: 'bench' }));
  try {
    const kase = await vigil.cases.create('bench', {
      title: 'ingest benchmark',
      basis: {
        authority: 'bench',
        reference: 'BENCH-1',
        purpose: 'measure ingest',
        validFrom: '2000-01-01',
        validUntil: '2100-01-01',
      },
    });
    start = process.hrtime.bigint();
    await vigil.evidence.ingest({
      actor: 'bench',
      caseId: kase.id,
      files: [input],
      reason: 'benchmark',
    });
    const value = SIZE / 1024 ** 2 / seconds(start);
    const ratio = value / baseline;
    return [
      {
        name: 'ingest 1 GiB (SHA-256 + MD5 + atomic store + ledger)',
        value,
        unit: 'MiB/s',
        baseline: { name: 'sha256sum', value: baseline },
        ratio,
        goal: '≥ 0.8× sha256sum',
        met: ratio >= 0.8,
      },
    ];
  } finally {
    await vigil.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
