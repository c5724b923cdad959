/**
 * @module Sign-in, sign-out, the current person, and API tokens. Sign-in is rate-limited.
 */
import { Type } from '@sinclair/typebox';
import type { Vigil } from '../../app/vigil.js';
import { VigilError } from '../../core/errors.js';
import { SESSION_COOKIE, principalOf } from '../auth.js';
import { errors } from '../schemas.js';
import type { TypedApp } from '../types.js';

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 5;

/** Failed sign-ins per (address, name) within a sliding window; in memory, per server process. */
class SignInLimiter {
  readonly #failures = new Map<string, number[]>();
  check(key: string, now: number): void {
    const recent = (this.#failures.get(key) ?? []).filter((time) => now - time < WINDOW_MS);
    this.#failures.set(key, recent);
    if (recent.length >= MAX_FAILURES) {
      throw new VigilError(
        'rate_limited',
        'too many failed sign-ins for this account from this address',
        {
          hint: 'wait 15 minutes, or ask an administrator to check the account',
        },
      );
    }
  }
  fail(key: string, now: number): void {
    this.#failures.set(key, [...(this.#failures.get(key) ?? []), now]);
  }
  clear(key: string): void {
    this.#failures.delete(key);
  }
}

const SessionBody = Type.Object({
  user: Type.Ref('User'),
  csrfToken: Type.String(),
  expiresAt: Type.String(),
});

export function authRoutes(app: TypedApp, vigil: Vigil): void {
  const limiter = new SignInLimiter();

  app.post(
    '/api/auth/sign-in',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['auth'],
        security: [],
        summary:
          'Sign in with a name and password; sets an HttpOnly, SameSite=Strict session cookie',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: SessionBody,
          400: Type.Ref('Error'),
          401: Type.Ref('Error'),
          429: Type.Ref('Error'),
        },
      },
    },
    async (request, reply) => {
      const key = `${request.ip}\u0000${request.body.name}`;
      const now = vigil.clock.now().getTime();
      limiter.check(key, now);
      try {
        const session = await vigil.access.signIn(request.body.name, request.body.password);
        limiter.clear(key);
        reply.setCookie(SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: request.protocol === 'https',
          path: '/',
          expires: new Date(session.expiresAt),
        });
        return { user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
      } catch (error) {
        limiter.fail(key, now);
        throw error;
      }
    },
  );

  app.post(
    '/api/auth/sign-out',
    {
      config: { access: { action: 'case.list' } },
      schema: { tags: ['auth'], response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors } },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await vigil.access.signOut(cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: { action: 'case.list' } },
      schema: {
        tags: ['auth'],
        response: {
          200: Type.Object({
            name: Type.String(),
            role: Type.String(),
            cases: Type.Array(Type.String()),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { name, role } = principalOf(request);
      return { name, role, cases: await vigil.access.casesOf(name) };
    },
  );

  app.post(
    '/api/auth/tokens',
    {
      config: { access: { action: 'case.list' } },
      schema: {
        tags: ['auth'],
        summary: 'Issue an API token for automation (shown once; only its hash is kept)',
        body: Type.Object(
          { label: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ token: Type.String(), label: Type.String() }), ...errors },
      },
    },
    (request) => vigil.access.createApiToken(principalOf(request).name, request.body.label),
  );
}
