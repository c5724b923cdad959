/**
 * @module Builds the CLI once before the suite, so tests that spawn `vigil` run today's code.
 * Type errors do not stop the build here: `npm run check` reports them.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './paths.js';

export default async function setup(): Promise<void> {
  const { build } = (await import(
    pathToFileURL(path.join(REPO_ROOT, 'scripts', 'build.mjs')).href
  )) as {
    build: (options: { quiet: boolean }) => number;
  };
  build({ quiet: true });
}
