/**
 * @module One error type for the whole of Vigil: a `code` from a fixed vocabulary, a message a
 * person can act on, and the cause kept. The CLI maps codes to exit codes and the server maps
 * them to HTTP statuses, each in one place (`src/cli/exit-codes.ts`, later `src/server/`).
 */

/** Every way a Vigil operation can fail, as seen by its caller. */
export const ERROR_CODES = [
  /** The caller's input is malformed: a bad date, a missing field, a directory instead of a file. */
  'invalid_input',
  /** A case, item, blob or other record does not exist. */
  'not_found',
  /** Collection was refused: no legal basis valid now, a closed case (R1). */
  'refused',
  /** Stored evidence no longer matches its hash, a signature or a chain link fails (R4, R8). */
  'integrity',
  /** The operation conflicts with the current state (closing a closed case, a duplicate name). */
  'conflict',
  /** No valid session or token: the caller must sign in. */
  'unauthenticated',
  /** The acting user may not do this. */
  'forbidden',
  /** Too many attempts (sign-in): wait and retry. */
  'rate_limited',
  /** A tool or service Vigil needs is missing or not answering (exiftool, Chromium, a TSA). */
  'unavailable',
  /** A bug or an environment fault nobody planned for. */
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface VigilErrorOptions {
  /** What the person should do next, e.g. "add one with `vigil case basis add C-1 …`". */
  hint?: string;
  cause?: unknown;
  /** Machine-readable facts about the failure (the failing seq, the bad blob, …). */
  details?: Record<string, unknown>;
}

/**
 * The one base class. Messages say what failed and what was expected; `hint` says what to do.
 *
 * @example
 * throw new VigilError('not_found', 'case C-9 does not exist', { hint: 'list cases with `vigil case list`' });
 */
export class VigilError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: VigilErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VigilError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }
}

export const isVigilError = (error: unknown): error is VigilError => error instanceof VigilError;

const guard =
  (code: ErrorCode) =>
  (error: unknown): error is VigilError =>
    isVigilError(error) && error.code === code;

export const isInvalidInput = guard('invalid_input');
export const isNotFound = guard('not_found');
export const isRefused = guard('refused');
export const isIntegrityError = guard('integrity');
export const isConflict = guard('conflict');
export const isForbidden = guard('forbidden');
export const isUnauthenticated = guard('unauthenticated');
export const isUnavailable = guard('unavailable');

/** Shorthand constructors keep call sites short and the code vocabulary in one place. */
export const invalidInput = (message: string, options?: VigilErrorOptions) =>
  new VigilError('invalid_input', message, options);
export const notFound = (message: string, options?: VigilErrorOptions) =>
  new VigilError('not_found', message, options);
export const refused = (message: string, options?: VigilErrorOptions) =>
  new VigilError('refused', message, options);
export const integrityError = (message: string, options?: VigilErrorOptions) =>
  new VigilError('integrity', message, options);
export const conflict = (message: string, options?: VigilErrorOptions) =>
  new VigilError('conflict', message, options);
export const forbidden = (message: string, options?: VigilErrorOptions) =>
  new VigilError('forbidden', message, options);
export const unauthenticated = (message: string, options?: VigilErrorOptions) =>
  new VigilError('unauthenticated', message, options);
export const unavailable = (message: string, options?: VigilErrorOptions) =>
  new VigilError('unavailable', message, options);
