/**
 * @module The committed API contract: the OpenAPI document the server generates, and the typed
 * client types generated from it (openapi-typescript). `npm run openapi` rewrites both; a test
 * fails when either drifts from the server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openVigil } from '../app/vigil.js';
import { loadConfig } from '../core/config.js';
import { PACKAGE_ROOT } from '../core/version.js';
import { buildServer } from './app.js';

export const OPENAPI_FILE = path.join(PACKAGE_ROOT, 'openapi', 'openapi.json');
export const CLIENT_TYPES_FILE = path.join(PACKAGE_ROOT, 'src', 'client', 'api-types.ts');

/** The document as the server describes itself, built on a throw-away home. */
export async function generateOpenApi(): Promise<Record<string, unknown>> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-openapi-'));
  const vigil = await openVigil(loadConfig({}, { home, as: 'openapi' }));
  try {
    const app = await buildServer({ vigil });
    const document = app.swagger() as unknown as Record<string, unknown>;
    await app.close();
    return JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
  } finally {
    await vigil.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** TypeScript types for the client, from the document. */
export async function generateClientTypes(document: Record<string, unknown>): Promise<string> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS(document as never);
  return `/* eslint-disable */\n// Generated from openapi/openapi.json by \`npm run openapi\`. Do not edit.\n${astToString(ast)}`;
}

export const formatDocument = (document: Record<string, unknown>): string =>
  `${JSON.stringify(document, null, 2)}\n`;
