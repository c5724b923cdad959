/**
 * @module Vigil's version and install root, read once from the package.json this module ships in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository or install root: the nearest folder above this module with a package.json. */
export const PACKAGE_ROOT: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Vigil cannot find its package.json');
    dir = parent;
  }
  return dir;
})();

export const VIGIL_VERSION: string = (
  JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** `vigil@0.1.0`, as recorded in provenance and ledger events. */
export const VIGIL_TOOL = `vigil@${VIGIL_VERSION}`;
