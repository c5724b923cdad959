/**
 * @module The typed client of Vigil's HTTP API, generated from the committed OpenAPI document.
 * The web UI and the tests talk to the server only through it.
 *
 * @example
 * const vigil = createVigilClient('http://127.0.0.1:8080');
 * await vigil.signIn('ana', password);
 * const { data } = await vigil.api.GET('/api/cases');
 */
import createClient from 'openapi-fetch';
import type { Middleware } from 'openapi-fetch';
import type { paths } from './api-types.js';

export type { paths } from './api-types.js';

export interface VigilClient {
  readonly api: ReturnType<typeof createClient<paths>>;
  /** Signs in; later requests carry the session cookie and the CSRF token. */
  signIn(name: string, password: string): Promise<void>;
}

/**
 * A client for `baseUrl`. In a browser the session cookie travels by itself; elsewhere (tests,
 * scripts) the client keeps it. Pass `token` to use an API token instead of signing in.
 */
export function createVigilClient(
  baseUrl: string,
  options: { token?: string; fetch?: typeof fetch } = {},
): VigilClient {
  let csrf: string | null = null;
  let cookie: string | null = null;
  const api = createClient<paths>({ baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const session: Middleware = {
    onRequest({ request }) {
      if (options.token) request.headers.set('authorization', `Bearer ${options.token}`);
      if (csrf) request.headers.set('x-csrf-token', csrf);
      // Browsers send the HttpOnly cookie themselves; elsewhere the client carries it.
      if (cookie && !('document' in globalThis)) request.headers.set('cookie', cookie);
      return request;
    },
    onResponse({ response }) {
      const set = response.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0] ?? null;
      return response;
    },
  };
  api.use(session);
  return {
    api,
    async signIn(name, password) {
      const { data, error } = await api.POST('/api/auth/sign-in', { body: { name, password } });
      if (error || !data) throw new Error(`sign-in failed: ${error?.message ?? 'no answer'}`);
      csrf = data.csrfToken;
    },
  };
}
