/**
 * @module The web UI's only door to the server: the generated typed client (`createVigilClient`),
 * the CSRF token kept for this tab, and typed helpers for what the generated client cannot type
 * (multipart upload, binary artifacts).
 */
import { createVigilClient } from '../../src/client/index.js';
import type { components, paths } from '../../src/client/api-types.js';

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

/** A case item's thumbnail and whether its media are marked graphic (R18). */
export async function fetchThumbnail(itemId: string): Promise<{ blob: Blob; graphic: boolean }> {
  const result = await client.api.GET('/api/items/{id}/thumbnail', {
    params: { path: { id: itemId } },
    parseAs: 'blob',
  });
  if (result.error !== undefined) throw toError(result.response, result.error);
  return {
    blob: result.data,
    graphic: result.response.headers.get('x-vigil-graphic') === 'true',
  };
}

/** A download the server made: the bytes, the file name it gave, and its SHA-256 header. */
export interface Download {
  readonly blob: Blob;
  readonly fileName: string;
  readonly sha256: string | null;
}

const downloadOf = (response: Response, blob: Blob, fallback: string): Download => {
  const disposition = response.headers.get('content-disposition') ?? '';
  const name =
    /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ??
    /filename="([^"]+)"/i.exec(disposition)?.[1];
  return {
    blob,
    fileName: name ? decodeURIComponent(name) : fallback,
    sha256:
      response.headers.get('x-vigil-sha256') ?? response.headers.get('x-vigil-package-sha256'),
  };
};

/** Hands a Blob to the browser as a file download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export type ExportFormat =
  paths['/api/cases/{id}/exports/{format}']['post']['parameters']['path']['format'];

/** A case export for a recipient (a disclosure in the ledger). */
export async function exportCase(
  caseId: string,
  format: ExportFormat,
  body: { recipient: string; reason?: string },
): Promise<Download> {
  const result = await client.api.POST('/api/cases/{id}/exports/{format}', {
    params: { path: { id: caseId, format } },
    body,
    parseAs: 'blob',
  });
  if (result.error !== undefined) throw toError(result.response, result.error);
  return downloadOf(result.response, result.data, `${caseId}.${format}`);
}

/** The court report PDF (refused with what is missing until items are verified and graded). */
export async function courtReport(
  caseId: string,
  body: { recipient: string; reason?: string; items?: string[]; workingCopies?: boolean },
): Promise<Download> {
  // Ask the pre-flight first (R19, R10), for the same items the report would cover: a report that
  // would be refused is explained here, without a refused request (nothing made or disclosed).
  const readiness = unwrap(
    await client.api.GET('/api/cases/{id}/report/readiness', {
      params: {
        path: { id: caseId },
        query: body.items ? { items: body.items.join(',') } : {},
      },
    }),
  );
  if (!readiness.ready)
    throw new Error(
      readiness.items === 0
        ? `case ${caseId} has no items to report`
        : `The court report cannot be made yet: ${readiness.problems
            .map((p) => `${p.itemId} is missing ${p.missing}`)
            .join(
              '; ',
            )}. Record them on each item page (Grading and verification), or report only the items that are ready.`,
    );
  const result = await client.api.POST('/api/cases/{id}/report', {
    params: { path: { id: caseId } },
    body,
    parseAs: 'blob',
  });
  if (result.error !== undefined) throw toError(result.response, result.error);
  return downloadOf(result.response, result.data, `${caseId}.pdf`);
}

/** A sealed evidence package (WACZ) of chosen captures for a recipient. */
export async function packageItems(
  caseId: string,
  body: { items: string[]; recipient: string; reason?: string },
): Promise<Download> {
  const result = await client.api.POST('/api/cases/{id}/packages', {
    params: { path: { id: caseId } },
    body,
    parseAs: 'blob',
  });
  if (result.error !== undefined) throw toError(result.response, result.error);
  return downloadOf(result.response, result.data, `${caseId}.wacz`);
}

export type VerifyReport =
  paths['/api/packages/verify']['post']['responses']['200']['content']['application/json'];

/** Runs the offline verifier on a package file (multipart, untyped by the generated client). */
export async function verifyPackageFile(file: File): Promise<VerifyReport> {
  const form = new FormData();
  form.append('file', file, file.name);
  const result = await client.api.POST('/api/packages/verify', {
    body: form as never,
    bodySerializer: (body: unknown) => body as FormData,
  });
  return unwrap(result);
}
