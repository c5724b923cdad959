/**
 * @module Helpers for in-process HTTP tests: a server on a temporary Vigil with one account per
 * role, sign-in, and multipart bodies.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { tempDir } from '../../test/support/temp.js';
import { testVigil } from '../../test/support/vigil.js';
import { openVigil } from '../app/vigil.js';
import type { Vigil } from '../app/vigil.js';
import type { CaptureEngine } from '../capture/capture-service.js';
import type { CaptureResult } from '../capture/capture-types.js';
import { ROLES } from '../cases/access.js';
import type { Role } from '../cases/access.js';
import { ManualClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { writeWarc } from '../package/test-support.js';
import { buildServer } from './app.js';
import { CSRF_HEADER, SESSION_COOKIE } from './auth.js';

export const PASSWORD = 'correct horse battery staple';

export interface Agent {
  readonly name: string;
  readonly role: Role;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export interface TestServer {
  readonly vigil: Vigil;
  readonly clock: ManualClock;
  readonly app: FastifyInstance;
  /** One signed-in agent per role, named after it (`investigator`, …). */
  readonly as: Record<Role, Agent>;
  signIn(name: string, password?: string): Promise<Agent>;
}

/**
 * A FAKE browser engine: writes a small WARC and the files `captureUrl` writes, so server tests
 * get real capture items (sealed, packageable) without Chromium.
 */
export const fakeCaptureEngine: CaptureEngine = async (url, options) => {
  fs.mkdirSync(options.outDir, { recursive: true });
  const file = (name: string, data: string) => {
    const target = path.join(options.outDir, name);
    fs.writeFileSync(target, data);
    return target;
  };
  const warcPath = path.join(options.outDir, 'capture.warc.gz');
  await writeWarc(warcPath, [
    { url, body: `<html><title>post</title>${url}</html>`, contentType: 'text/html' },
  ]);
  const now = options.clock?.now().toISOString() ?? '';
  return {
    warcPath,
    screenshots: { fullPage: file('full.png', 'png-full'), viewport: file('view.png', 'png-view') },
    domPath: file('dom.html', `<html>${url}</html>`),
    mhtmlPath: file('page.mhtml', 'mhtml'),
    textPath: file('text.txt', url),
    text: url,
    title: `post ${url}`,
    status: 200,
    structured: null,
    removed: false,
    provenance: {
      requestedUrl: url,
      finalUrl: url,
      startedAt: now,
    } as unknown as CaptureResult['provenance'],
    pages: [{ url, ts: now, title: `post ${url}` }],
    media: [],
    exchanges: 1,
  };
};

export async function testServer(
  options: Parameters<typeof testVigil>[1] & { captureEngine?: CaptureEngine } = {},
): Promise<TestServer> {
  const { vigil, clock } = options.captureEngine
    ? await (async () => {
        const start = new ManualClock('2026-11-22T10:00:00Z');
        const home = tempDir('vigil-home-');
        return {
          vigil: await openVigil(loadConfig({}, { home, as: 'ana' }), {
            clock: start,
            captureEngine: options.captureEngine,
          }),
          clock: start,
        };
      })()
    : await testVigil(undefined, options);
  const app = await buildServer({ vigil });
  await Promise.all(ROLES.map((role) => vigil.access.addUser('setup', role, role, PASSWORD)));
  await vigil.access.addUser('setup', 'supervisor2', 'supervisor', PASSWORD);
  const signIn = async (name: string, password = PASSWORD): Promise<Agent> => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { name, password },
    });
    if (response.statusCode !== 200) throw new Error(`sign-in of ${name} failed: ${response.body}`);
    const body = response.json<{ csrfToken: string; user: { role: Role } }>();
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '';
    return {
      name,
      role: body.user.role,
      request: (options) =>
        app.inject({
          ...options,
          cookies: { [SESSION_COOKIE]: cookie, ...(options.cookies ?? {}) },
          headers: { [CSRF_HEADER]: body.csrfToken, ...(options.headers ?? {}) },
        }),
    };
  };
  const agents = await Promise.all(ROLES.map((role) => signIn(role)));
  const as = Object.fromEntries(agents.map((agent) => [agent.role, agent])) as Record<Role, Agent>;
  return { vigil, clock, app, as, signIn };
}

/** A multipart/form-data body with files and fields. */
export function multipart(
  parts: (
    { name: string; value: string } | { name: string; filename: string; content: Buffer | string }
  )[],
) {
  const boundary = `----vigil${Date.now().toString(16)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('filename' in part) {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
      );
      chunks.push(Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content));
    } else {
      chunks.push(
        Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}`),
      );
    }
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/**
 * Opens a case through the API as `agent` and makes it collectable under the approval policy a
 * team server applies: the plan and risk assessment recorded, the basis approved by a supervisor.
 */
export async function openCase(
  t: TestServer,
  agent: Agent,
  title: string,
  basis = BASIS_BODY,
  workspace: 'operational' | 'training' = 'operational',
): Promise<string> {
  const created = await agent.request({
    method: 'POST',
    url: '/api/cases',
    payload: { title, basis, workspace },
  });
  if (created.statusCode !== 200) throw new Error(`case create failed: ${created.body}`);
  const { id, legalBases } = created.json<{ id: string; legalBases: { id: string }[] }>();
  const plan = await agent.request({
    method: 'POST',
    url: `/api/cases/${id}/plan`,
    payload: {
      plan: 'monitor the fictional channel',
      riskAssessment: 'graphic content; persona exposure',
    },
  });
  if (plan.statusCode !== 200) throw new Error(`plan failed: ${plan.body}`);
  const approver = agent.role === 'supervisor' ? await t.signIn('supervisor2') : t.as.supervisor;
  const approved = await approver.request({
    method: 'POST',
    url: `/api/cases/${id}/bases/${legalBases[0]?.id ?? ''}/approve`,
  });
  if (approved.statusCode !== 200) throw new Error(`approval failed: ${approved.body}`);
  return id;
}

export const BASIS_BODY = {
  authority: 'Fictional District Court',
  reference: 'WR-2026-0042',
  purpose: 'identify the financiers of the fictional Lantern Circle',
  validFrom: '2026-11-01',
  validUntil: '2026-12-01',
};
