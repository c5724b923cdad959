/**
 * The authorisation matrix (R15, issue 6): every route × every role × member or not of an
 * operational and of a training case. Zero unauthorised successes; the matrix is printed.
 */
import { describe, expect, it } from 'vitest';
import { ROLES, decide, isCaseAction } from '../cases/access.js';
import type { Principal, Role, Workspace } from '../cases/access.js';
import { BASIS_BODY, multipart, openCase, testServer } from './test-support.js';

describe('authorisation matrix', () => {
  it('never lets a role do what the access rules deny, and never denies what they allow', async () => {
    const t = await testServer();
    const supervisor = t.as.supervisor;
    const make = (workspace: Workspace) =>
      openCase(t, supervisor, `matrix ${workspace}`, BASIS_BODY, workspace);
    const cases: Record<Workspace, string> = {
      operational: await make('operational'),
      training: await make('training'),
    };
    const upload = multipart([
      { name: 'reason', value: 'r' },
      { name: 'file', filename: 'f.txt', content: 'matrix' },
    ]);
    const items: Record<Workspace, { id: string; sha256: string }> = {} as never;
    for (const workspace of ['operational', 'training'] as const) {
      const response = await supervisor.request({
        method: 'POST',
        url: `/api/cases/${cases[workspace]}/items`,
        ...upload,
      });
      const [item] = response.json<{ items: { id: string; sha256: string }[] }>().items;
      if (!item) throw new Error(response.body);
      items[workspace] = item;
    }

    // Per role: a member of every case it may join, and an outsider; each with an API token.
    const people: { principal: Principal; member: boolean; token: string }[] = [];
    for (const role of ROLES) {
      for (const member of [true, false]) {
        const name = `${role}-${member ? 'in' : 'out'}`;
        await t.vigil.access.addUser('setup', name, role, 'matrix password 123');
        if (member) {
          for (const workspace of ['operational', 'training'] as const) {
            if (role === 'trainee' && workspace === 'operational') continue;
            await t.vigil.access.setMember('setup', cases[workspace], name, 'member');
          }
        }
        people.push({
          principal: { name, role },
          member,
          token: (await t.vigil.access.createApiToken(name, 'matrix')).token,
        });
      }
    }

    const guarded = t.app.vigilRoutes.filter(
      (route) => route.access && !('public' in route.access),
    );
    expect(guarded.length).toBeGreaterThan(15);
    const lines: string[] = [];
    const violations: string[] = [];
    for (const route of guarded) {
      for (const workspace of ['operational', 'training'] as const) {
        const url = route.url
          .replace(':sha256', items[workspace].sha256)
          .replace(
            ':id',
            route.url.startsWith('/api/items/') ? items[workspace].id : cases[workspace],
          );
        const access = route.access as { action: Parameters<typeof decide>[1] };
        const cells: string[] = [];
        for (const { principal, member, token } of people) {
          const membership =
            member && !(principal.role === 'trainee' && workspace === 'operational')
              ? 'member'
              : null;
          const expected = decide(
            principal,
            access.action,
            isCaseAction(access.action) ? { workspace, membership } : undefined,
          ).allowed;
          const response = await t.app.inject({
            method: route.method as 'GET',
            url,
            headers: { authorization: `Bearer ${token}` },
          });
          const denied = response.statusCode === 401 || response.statusCode === 403;
          if (!expected && !denied)
            violations.push(
              `${route.method} ${url} as ${principal.name}: ${response.statusCode} (should be denied)`,
            );
          if (expected && denied)
            violations.push(
              `${route.method} ${url} as ${principal.name}: ${response.statusCode} ${response.body} (should be allowed)`,
            );
          cells.push(expected ? 'A' : '.');
        }
        if (!isCaseAction(access.action) && workspace === 'training') continue;
        lines.push(
          `${`${route.method} ${route.url}${isCaseAction(access.action) ? ` [${workspace}]` : ''}`.padEnd(58)} ${cells.join('')}`,
        );
      }
    }
    const short: Record<Role, string> = {
      admin: 'adm',
      supervisor: 'sup',
      investigator: 'inv',
      analyst: 'ana',
      auditor: 'aud',
      trainer: 'trr',
      trainee: 'tre',
    };
    const header = people.map(
      ({ principal, member }) => `${short[principal.role]}${member ? '+' : '-'}`,
    );
    console.log(
      `authorisation matrix (A = allowed; columns: role, + member / - not):\n${''.padEnd(58)} ${header.map((h) => h[0]).join('')}\n${lines.join('\n')}\ncolumns: ${header.join(' ')}`,
    );
    expect(violations).toEqual([]);
  });
});
