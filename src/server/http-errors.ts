/**
 * @module The one table that maps domain error codes to HTTP statuses, and the error body
 * `{code, message, hint?}`. No stack trace ever reaches a client.
 */
import type { ErrorCode } from '../core/errors.js';

export function statusFor(code: ErrorCode): number {
  switch (code) {
    case 'invalid_input':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      // R1: a collection refused for want of a legal basis is a 403 with its reason.
      return 403;
    case 'refused':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'integrity':
      // The stored evidence failed its check: the server cannot give a truthful answer.
      return 422;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
  }
}
