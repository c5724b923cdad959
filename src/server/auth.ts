/**
 * @module Authentication and authorisation for every route: a session cookie (with a CSRF token
 * for unsafe methods) or a bearer API token, then the route's declared action decided against the
 * person's role and case membership. Routes declare `config.access`; none is open by accident.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Action, Principal } from '../cases/access.js';
import { isCaseAction } from '../cases/access.js';
import { AccessService } from '../cases/access-service.js';
import { forbidden, notFound, unauthenticated } from '../core/errors.js';
import type { Vigil } from '../app/vigil.js';

export const SESSION_COOKIE = 'vigil_session';
export const CSRF_HEADER = 'x-csrf-token';

/** How a route is guarded. `public` routes skip authentication (sign-in, health, the OpenAPI document). */
export type RouteAccess =
  | { readonly public: true }
  | {
      readonly action: Action;
      /** Which case the request concerns, for case actions. */
      readonly caseOf?: (request: FastifyRequest, vigil: Vigil) => Promise<string>;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** How the request was authenticated. */
    authVia: 'session' | 'token' | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The case named by `:id` in the path. */
export const caseFromParams = (request: FastifyRequest): Promise<string> =>
  Promise.resolve((request.params as { id: string }).id);

/** The case of the item named by `:id` in the path. */
export const caseOfItem = async (request: FastifyRequest, vigil: Vigil): Promise<string> => {
  const { id } = request.params as { id: string };
  const item = await vigil.store.items.get(id);
  if (!item)
    throw notFound(`item ${id} does not exist`, {
      hint: 'list items with GET /api/cases/{id}/items',
    });
  return item.caseId;
};

/** The pre-handler that authenticates and authorises; registered once for every route. */
export function guard(vigil: Vigil) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    request.principal = null;
    request.authVia = null;
    const access = request.routeOptions.config.access;
    if (!access) throw forbidden('this route declares no access rule, so it is closed');
    if ('public' in access) return;

    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      request.principal = await vigil.access.resolveToken(bearer);
      request.authVia = request.principal ? 'token' : null;
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      const session = cookie ? await vigil.access.resolveSession(cookie) : null;
      if (session) {
        // Cookie sessions need the CSRF token on every unsafe method: a cross-site form can send
        // the cookie (were SameSite ever bypassed) but cannot read the token.
        if (UNSAFE.has(request.method)) {
          const sent = request.headers[CSRF_HEADER];
          if (typeof sent !== 'string' || !AccessService.sameToken(sent, session.csrfToken)) {
            throw forbidden('missing or wrong CSRF token', {
              hint: `send the token from sign-in in the ${CSRF_HEADER} header`,
            });
          }
        }
        request.principal = session.principal;
        request.authVia = 'session';
      }
    }
    if (!request.principal) {
      throw unauthenticated('sign in first, or send an API token', {
        hint: 'POST /api/auth/sign-in, or Authorization: Bearer <token>',
      });
    }
    const caseId =
      isCaseAction(access.action) && access.caseOf
        ? await access.caseOf(request, vigil)
        : undefined;
    await vigil.access.check(request.principal, access.action, caseId);
  };
}

/** The authenticated person; routes behind `guard` always have one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated('sign in first');
  return request.principal;
}
