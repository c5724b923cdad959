/**
 * @module Temporary directories for tests, removed after each test file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A fresh directory under the OS temp dir, removed when the test file ends. */
export function tempDir(prefix = 'vigil-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
