/**
 * End to end (issue 9): a trainee works one scenario on a range variant with real Chromium
 * captures through the CLI, `vigil assess` scores the sealed package, and the centre issues a
 * certificate that `vigil cert verify` accepts offline — until it is revoked.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { startTsaServer, tsaInit } from '../../package/index.js';
import type { TsaServer } from '../../package/index.js';
import { generateCorpus } from '../../training/range/corpus.js';
import { exportTruth } from '../../training/range/truth.js';
import { json, runVigil, spawnVigil } from '../../../test/support/cli.js';
import { tempDir } from '../../../test/support/temp.js';

describe('trainee → assessment → certificate (CLI, real Chromium)', () => {
  const home = tempDir('vigil-training-e2e-');
  let range: ChildProcess | undefined;
  let tsa: TsaServer | undefined;
  afterAll(async () => {
    range?.kill('SIGTERM');
    await tsa?.close();
  });

  it('captures the volatile post, passes the rubric and gets a verifiable certificate', async () => {
    await tsaInit(path.join(home, 'test-tsa'), { clock: new ManualClock(new Date()) });
    tsa = await startTsaServer({ dir: path.join(home, 'test-tsa'), port: 0 });
    const interactions = path.join(home, 'interactions.jsonl');
    range = spawnVigil(
      [
        'range',
        'serve',
        '--port',
        '0',
        '--seed',
        '42',
        '--variant',
        'rina',
        '--violations',
        interactions,
        '--json',
      ],
      { home },
    );
    let output = '';
    const base = await new Promise<string>((resolve, reject) => {
      range?.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        try {
          resolve((JSON.parse(output) as { url: string }).url);
        } catch {
          // not a whole JSON object yet
        }
      });
      range?.once('exit', (code) =>
        reject(new Error(`range exited with ${code ?? '?'}: ${output}`)),
      );
    });
    const truth = exportTruth(generateCorpus('42', 'rina'));
    const target = truth.posts.find((p) => p.id === truth.anchors['incitement-deleted-ar'])!;

    const kase = await runVigil(
      [
        'case',
        'create',
        '--title',
        'Training: vanishing post',
        '--authority',
        'Fictional Training Court',
        '--reference',
        'TR-2026-0001',
        '--purpose',
        'training exercise on the synthetic range',
        '--scope',
        'public posts on the range',
        '--valid-from',
        '2020-01-01',
        '--valid-until',
        '2099-01-01',
        '--json',
      ],
      { home },
    );
    expect(kase.code, kase.stderr).toBe(0);
    const caseId = json<{ id: string }>(kase).id;
    const captured = await runVigil(
      [
        'capture',
        new URL(target.url, base).toString(),
        '--case',
        caseId,
        '--reason',
        'volatile threat',
        '--tsa',
        tsa.url,
        '--no-triage',
        '--json',
      ],
      { home },
    );
    expect(captured.code, captured.stderr).toBe(0);
    const pkg = json<{ package: string }>(captured).package;

    const answers = path.join(home, 'answers.json');
    fs.writeFileSync(answers, JSON.stringify({ categories: { 'classify-tagalog': 'incitement' } }));
    const assessed = await runVigil(
      [
        'assess',
        pkg,
        '--scenario',
        'incitement-vanishing-post',
        '--seed',
        '42',
        '--variant',
        'rina',
        '--answers',
        answers,
        '--interactions',
        interactions,
        '--json',
      ],
      { home },
    );
    expect(assessed.code, assessed.stderr).toBe(0);
    const result = json<{
      score: number;
      max: number;
      passed: boolean;
      criteria: { id: string; score: number; max: number; feedback: string }[];
    }>(assessed);
    expect(Object.keys(result).slice(0, 4)).toEqual(['score', 'max', 'passed', 'criteria']);
    const byId = Object.fromEntries(result.criteria.map((c) => [c.id, c]));
    expect(byId.preservation, byId.preservation?.feedback).toMatchObject({ score: 50, max: 50 });
    expect(byId.metadata, byId.metadata?.feedback).toMatchObject({ score: 10, max: 10 });
    expect(byId.legal_basis, byId.legal_basis?.feedback).toMatchObject({ score: 10 });
    expect(result).toMatchObject({ score: 100, max: 100, passed: true });

    const cred = path.join(home, 'certificate.json');
    const issued = await runVigil(
      [
        'cert',
        'issue',
        '--name',
        'Rina Hartono',
        '--achievement',
        'incitement-vanishing-post',
        '--out',
        cred,
        '--result',
        `${result.score}/${result.max}`,
        '--json',
      ],
      { home },
    );
    expect(issued.code, issued.stderr).toBe(0);
    const verified = await runVigil(['cert', 'verify', cred, '--json'], { home });
    expect(verified.code, verified.stderr).toBe(0);
    const report = json<{
      ok: boolean;
      checks: { name: string; ok: boolean }[];
      revoked: boolean | null;
    }>(verified);
    expect(report).toMatchObject({ ok: true, revoked: false });
    expect(report.checks.map((c) => c.name)).toEqual([
      'shape',
      'proof',
      'issuer',
      'validity',
      'status',
    ]);

    const revoked = await runVigil(
      ['cert', 'revoke', cred, '--reason', 'exercise repeated under supervision', '--json'],
      { home },
    );
    expect(revoked.code, revoked.stderr).toBe(0);
    const after = await runVigil(['cert', 'verify', cred, '--json'], { home });
    expect(after.code).toBe(5);
    expect(json(after)).toMatchObject({ ok: false, revoked: true });
  }, 180_000);
});
