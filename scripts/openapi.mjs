// `npm run openapi`: regenerates openapi/openapi.json and src/client/api-types.ts from the server.
import fs from 'node:fs';
import path from 'node:path';
import { build } from './build.mjs';
import { ROOT } from './ensure.mjs';

build({ quiet: true });
const { generateOpenApi, generateClientTypes, formatDocument, OPENAPI_FILE, CLIENT_TYPES_FILE } =
  await import(path.join(ROOT, 'dist', 'server', 'openapi.js'));
const document = await generateOpenApi();
fs.mkdirSync(path.dirname(OPENAPI_FILE), { recursive: true });
fs.writeFileSync(OPENAPI_FILE, formatDocument(document));
fs.writeFileSync(CLIENT_TYPES_FILE, await generateClientTypes(document));
process.stdout.write(
  `wrote ${path.relative(ROOT, OPENAPI_FILE)} and ${path.relative(ROOT, CLIENT_TYPES_FILE)}\n`,
);
