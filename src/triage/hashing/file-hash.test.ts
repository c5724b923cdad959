/** @module hashFiles: cryptographic hashes for everything, PDQ for images, frames for videos. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DIR } from '../../../test/support/paths.js';
import { hashFiles } from './file-hash.js';

const BRIDGE = path.join(SHARED_DIR, 'pdq/images/bridge-mods/aaa-orig.jpg');
const BRIDGE_PDQ = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
let dir: string;

// Independent digests from coreutils, not from the code under test.
const coreutils = (tool: string, file: string) =>
  execFileSync(tool, [file], { encoding: 'utf8' }).split(' ')[0];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigil-hash-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hashFiles', () => {
  it('hashes an image: sha256, md5, size, kind, pdq and quality', async () => {
    const [h] = await hashFiles([BRIDGE]);
    expect(h).toEqual({
      path: BRIDGE,
      sha256: coreutils('sha256sum', BRIDGE),
      md5: coreutils('md5sum', BRIDGE),
      size: readFileSync(BRIDGE).length,
      kind: 'image',
      mime: 'image/jpeg',
      pdq: BRIDGE_PDQ,
      quality: 100,
    });
  });

  it('decides the kind from content, not the file name', async () => {
    const disguised = path.join(dir, 'notes.txt');
    writeFileSync(disguised, readFileSync(BRIDGE));
    const text = path.join(dir, 'photo.jpg');
    writeFileSync(text, 'just some words\n');
    const [a, b] = await hashFiles([disguised, text]);
    expect(a).toMatchObject({ kind: 'image', pdq: BRIDGE_PDQ });
    expect(b).toMatchObject({ kind: 'other', size: 16, sha256: coreutils('sha256sum', text) });
    expect(b!.pdq).toBeUndefined();
  });

  it('hashes video frames', async () => {
    const video = path.join(dir, 'clip.mp4');
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'mandelbrot=size=160x120:rate=10',
      '-t',
      '3',
      '-pix_fmt',
      'yuv420p',
      video,
    ]);
    const [h] = await hashFiles([video]);
    expect(h!.kind).toBe('video');
    expect(h!.sha256).toBe(coreutils('sha256sum', video));
    expect(h!.frames!.map((f) => f.frameNumber)).toEqual([0, 10, 20]);
    expect(h!.frames![0]!.pdq).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the digests and says why when an image cannot be decoded', async () => {
    const broken = path.join(dir, 'broken.jpg');
    writeFileSync(broken, readFileSync(BRIDGE).subarray(0, 400));
    const [h] = await hashFiles([broken]);
    expect(h!.sha256).toBe(coreutils('sha256sum', broken));
    expect(h!.kind).toBe('image');
    expect(h!.pdq).toBeUndefined();
    expect(h!.perceptualError).toMatch(/cannot decode image/);
  });

  it('fails with not_found for a missing file and invalid_input for a directory', async () => {
    await expect(hashFiles([path.join(dir, 'nope.jpg')])).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(hashFiles([dir])).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
