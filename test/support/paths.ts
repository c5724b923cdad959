/**
 * @module Where tests find the repository root and the shared data (`../shared/` beside the
 * project). Shared data is read in place, never copied into the repository.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DIR = path.resolve(REPO_ROOT, '../shared');
/** The built CLI entry; `npm test` builds before running the suite. */
export const CLI_ENTRY = path.join(REPO_ROOT, 'bin/vigil.js');
