/**
 * @module Accounts: list and create (administrators).
 */
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import { ROLES } from '../../cases/access.js';
import { principalOf } from '../auth.js';
import { errors } from '../schemas.js';
import type { TypedApp } from '../types.js';

const Persona = Type.Object({
  name: Type.String(),
  platforms: Type.Array(Type.String()),
  users: Type.Array(Type.String()),
  notes: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  createdBy: Type.String(),
});

export function userRoutes(app: TypedApp, vigil: Vigil): void {
  app.get(
    '/api/personas',
    {
      config: { access: { action: 'persona.list' } },
      schema: {
        tags: ['users'],
        summary: 'Investigator personas and who may use them (R17)',
        response: { 200: Type.Object({ personas: Type.Array(Persona) }), ...errors },
      },
    },
    async () => ({ personas: await vigil.access.listPersonas() }),
  );

  app.post(
    '/api/personas',
    {
      config: { access: { action: 'persona.manage' } },
      schema: {
        tags: ['users'],
        body: Type.Object(
          {
            name: Type.String({ minLength: 2, maxLength: 64 }),
            platforms: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 }),
            users: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 200 }),
            notes: Type.Optional(Type.String({ maxLength: 5000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Persona, ...errors, 409: Type.Ref('Error') },
      },
    },
    (request) => vigil.access.addPersona(principalOf(request).name, request.body),
  );

  app.get(
    '/api/users',
    {
      config: { access: { action: 'user.list' } },
      schema: {
        tags: ['users'],
        response: { 200: Type.Object({ users: Type.Array(Type.Ref('User')) }), ...errors },
      },
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
    (request) =>
      vigil.access.addUser(
        principalOf(request).name,
        request.body.name,
        request.body.role,
        request.body.password,
      ),
  );
}
