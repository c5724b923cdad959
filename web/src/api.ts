/**
 * @module The web UI's only door to the server: the generated typed client (`createVigilClient`),
 * the CSRF token kept for this tab, and typed helpers for what the generated client cannot type
 * (multipart upload, binary artifacts).
 */
import { createVigilClient } from '../../src/client/index.js';
import type { components } from '../../src/client/api-types.js';

export type Case = components['schemas']['Case'];
export type LegalBasis = components['schemas']['LegalBasis'];
export type Membership = components['schemas']['Membership'];
export type Item = components['schemas']['Item'];
export type ItemWithArtifacts = components['schemas']['ItemWithArtifacts'];
export type Artifact = components['schemas']['Artifact'];
export type LedgerEvent = components['schemas']['LedgerEvent'];
export type ChainVerification = components['schemas']['ChainVerification'];
export type User = components['schemas']['User'];

const CSRF_KEY = 'vigil.csrf';
const CSRF_HEADER = 'x-csrf-token';
const PURPOSE_HEADER = 'x-vigil-purpose';

/** The typed client against the origin that served the app. */
export const client = createVigilClient(window.location.origin);

// The CSRF token from sign-in lives for this tab only (sessionStorage), so a reload keeps working
// while the HttpOnly session cookie stays out of reach of scripts.
client.api.use({
  onRequest({ request }) {
    const token = sessionStorage.getItem(CSRF_KEY);
    if (token && !request.headers.has(CSRF_HEADER)) request.headers.set(CSRF_HEADER, token);
    return request;
  },
});

/** A failed API call, with the server's `{code, message, hint}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorShape {
  code?: unknown;
  message?: unknown;
  hint?: unknown;
}

const toError = (response: Response, error: unknown): ApiError => {
  const body = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  return new ApiError(
    response.status,
    typeof body.code === 'string' ? body.code : 'http_error',
    typeof body.message === 'string' ? body.message : `the server answered ${response.status}`,
    typeof body.hint === 'string' ? body.hint : undefined,
  );
};

/** The data of a typed-client result, or an ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined)
    throw toError(result.response, result.error);
  return result.data;
}

/** Whether this tab signed in (and so may have a session worth asking about). */
export const hasSession = (): boolean => sessionStorage.getItem(CSRF_KEY) !== null;

export interface SignedIn {
  readonly name: string;
  readonly role: User['role'];
  readonly cases: readonly string[];
}

export async function signIn(name: string, password: string): Promise<SignedIn> {
  const data = unwrap(await client.api.POST('/api/auth/sign-in', { body: { name, password } }));
  sessionStorage.setItem(CSRF_KEY, data.csrfToken);
  return me();
}

export async function me(): Promise<SignedIn> {
  const data = unwrap(await client.api.GET('/api/auth/me'));
  return { name: data.name, role: data.role as User['role'], cases: data.cases };
}

export async function signOut(): Promise<void> {
  try {
    await client.api.POST('/api/auth/sign-out');
  } finally {
    sessionStorage.removeItem(CSRF_KEY);
  }
}

/** Forgets this tab's session marker (after the server said the session is gone). */
export const forgetSession = (): void => sessionStorage.removeItem(CSRF_KEY);

/**
 * Uploads files into a case (multipart/form-data). The generated client does not type multipart
 * bodies, so the FormData goes through it untyped and the answer is typed here.
 */
export async function uploadFiles(
  caseId: string,
  files: readonly File[],
  fields: { reason: string; sourceUrl?: string; acquiredAt?: string },
): Promise<ItemWithArtifacts[]> {
  const form = new FormData();
  form.set('reason', fields.reason);
  if (fields.sourceUrl) form.set('sourceUrl', fields.sourceUrl);
  if (fields.acquiredAt) form.set('acquiredAt', fields.acquiredAt);
  for (const file of files) form.append('file', file, file.name);
  const result = await client.api.POST('/api/cases/{id}/items', {
    params: { path: { id: caseId } },
    body: form as never,
    // The browser writes the multipart boundary itself.
    bodySerializer: (body: unknown) => body as FormData,
  });
  return unwrap(result).items;
}

/** An artifact's bytes (re-verified by the server, logged as a consultation with `purpose`). */
export async function fetchArtifact(
  itemId: string,
  sha256: string,
  purpose: string,
): Promise<Blob> {
  const result = await client.api.GET('/api/items/{id}/artifacts/{sha256}', {
    params: { path: { id: itemId, sha256 } },
    headers: { [PURPOSE_HEADER]: purpose },
    parseAs: 'blob',
  });
  if (result.error !== undefined) throw toError(result.response, result.error);
  return result.data;
}

/** An item with its artifacts; the read is logged as a consultation with `purpose`, if given. */
export async function fetchItem(itemId: string, purpose?: string): Promise<ItemWithArtifacts> {
  return unwrap(
    await client.api.GET('/api/items/{id}', {
      params: { path: { id: itemId } },
      ...(purpose ? { headers: { [PURPOSE_HEADER]: purpose } } : {}),
    }),
  );
}

/** The ledger export (JSONL) as a Blob for download. */
export async function exportLedger(caseId?: string): Promise<Blob> {
  const result = await client.api.GET('/api/ledger/export', {
    params: { query: caseId ? { case: caseId } : {} },
    parseAs: 'blob',
  });
  if (result.error !== undefined) throw toError(result.response, result.error);
  return result.data;
}

/** A human message for anything thrown by an API call. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError)
    return error.hint ? `${error.message} — ${error.hint}` : error.message;
  return error instanceof Error ? error.message : String(error);
}

export type TriageFlag = components['schemas']['TriageFlag'];
export type Job = components['schemas']['Job'];

/** One server-sent event of a job: `progress` ({stage, detail, at}), then `done` or `failed`. */
export interface JobEvent {
  readonly event: string;
  readonly data: unknown;
}

/**
 * Follows a job's server-sent events through the typed client (a streamed body, parsed here as
 * text/event-stream) until the server ends the stream or `signal` aborts.
 */
export async function followJob(
  id: number,
  onEvent: (event: JobEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const result = await client.api.GET('/api/jobs/{id}/events', {
    params: { path: { id } },
    parseAs: 'stream',
    signal,
  });
  if (result.error !== undefined || !result.data) throw toError(result.response, result.error);
  const reader = result.data.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    // HTML Living Standard §9.2.6: events are separated by a blank line; `:` lines are comments.
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length === 0) continue;
      try {
        onEvent({ event, data: JSON.parse(data.join('\n')) as unknown });
      } catch {
        onEvent({ event, data: data.join('\n') });
      }
    }
  }
}
