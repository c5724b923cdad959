/** @module `vigil triage text` through the in-process CLI: the issue 5 JSON contract and errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { runCli } from '../main.js';

let home: string;

beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'vigil-cli-triage-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs the CLI in-process with collected stdout and stderr. */
async function vigil(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (chunk: string) => void) =>
    ({
      write: (chunk: string | Uint8Array) => (append(String(chunk)), true),
    }) as unknown as NodeJS.WriteStream;
  const io: CliIo = {
    env: { VIGIL_HOME: home, VIGIL_USER: 'ana' },
    stdin: process.stdin,
    stdout: sink((c) => (stdout += c)),
    stderr: sink((c) => (stderr += c)),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const POST = [
  'Brothers, j0in the Isl@mic St4te today! Details: t.me/+AbCdEfGhIjKl12',
  'Send to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed or bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5',
].join('\n');

describe('vigil triage text --json', () => {
  it('prints flags, entities and language with the contract fields and original offsets', async () => {
    const file = path.join(home, 'post.txt');
    writeFileSync(file, POST);
    const run = await vigil('triage', 'text', file, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT.ok);
    const out = JSON.parse(run.stdout) as {
      flags: Array<{
        category: string;
        score: number;
        rule: string;
        spans: Array<{ start: number; end: number; text: string }>;
        language: string;
      }>;
      entities: Array<{ type: string; value: string; valid: boolean; start: number; end: number }>;
      language: string;
    };
    expect(out.language).toBe('en');

    const recruitment = out.flags.find((f) => f.rule === 'en.recruitment.cta-near-group');
    expect(recruitment).toMatchObject({ category: 'recruitment', language: 'en' });
    expect(recruitment!.score).toBeGreaterThan(0);
    expect(recruitment!.score).toBeLessThanOrEqual(1);
    expect(recruitment!.spans.map((s) => s.text)).toEqual(['j0in the', 'Isl@mic St4te']);
    for (const f of out.flags) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining(['category', 'score', 'rule', 'spans', 'language']),
      );
      for (const s of f.spans) expect(POST.slice(s.start, s.end)).toBe(s.text);
    }

    expect(out.entities.map((e) => [e.type, e.value, e.valid])).toEqual([
      ['telegram_invite', 't.me/+AbCdEfGhIjKl12', true],
      ['eth_address', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', true],
      // The last character is changed: the bech32 checksum fails, and the entity says so.
      ['btc_address', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', false],
    ]);
    for (const e of out.entities) expect(POST.slice(e.start, e.end)).toBe(e.value);
  });

  it('flags nothing in ordinary text but still reports its language', async () => {
    const file = path.join(home, 'plain.txt');
    writeFileSync(file, 'Ang aklatan ay bukas tuwing Martes ng umaga hanggang gabi.');
    const run = await vigil('triage', 'text', file, '--json');
    expect(run.code).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout)).toMatchObject({ flags: [], entities: [], language: 'tl' });
  });

  it('exits 3 with a message naming the file when it does not exist', async () => {
    const missing = path.join(home, 'no-such-file.txt');
    const run = await vigil('triage', 'text', missing, '--json');
    expect(run.code).toBe(EXIT.notFound);
    expect(run.stderr).toContain(`no such file: ${missing}`);
    expect(run.stderr).toContain('next:');
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { code: 'not_found', message: `no such file: ${missing}` },
    });
  });

  it('rejects a malformed --region with exit 2', async () => {
    const file = path.join(home, 'post.txt');
    writeFileSync(file, POST);
    const run = await vigil('triage', 'text', file, '--region', 'Indonesia', '--json');
    expect(run.code).toBe(EXIT.invalidInput);
    expect(run.stderr).toContain('--region Indonesia is not a two-letter region code');
  });
});
