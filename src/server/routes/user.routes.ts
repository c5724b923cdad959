/**
 * @module Accounts: list and create (administrators).
 */
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import { ROLES } from '../../cases/access.js';
import { principalOf } from '../auth.js';
import { errors } from '../schemas.js';
import type { TypedApp } from '../types.js';

export function userRoutes(app: TypedApp, vigil: Vigil): void {
  app.get(
    '/api/users',
    {
      config: { access: { action: 'user.list' } },
      schema: { tags: ['users'], response: { 200: Type.Object({ users: Type.Array(Type.Ref('User')) }), ...errors } },
    },
    async () => ({ users: await vigil.access.listUsers() }),
  );

  app.post(
    '/api/users',
    {
      config: { access: { action: 'user.manage' } },
      schema: {
        tags: ['users'],
        body: Type.Object(
          {
            name: Type.String({ minLength: 2, maxLength: 64 }),
            role: Type.Union(ROLES.map((role) => Type.Literal(role))),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('User'), ...errors, 409: Type.Ref('Error') },
      },
    },
    (request) => vigil.access.addUser(principalOf(request).name, request.body.name, request.body.role, request.body.password),
  );
}
