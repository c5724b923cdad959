/**
 * @module The one table that maps error codes to process exit codes (documented in the README).
 */
import type { ErrorCode } from '../core/errors.js';

export const EXIT = {
  ok: 0,
  internal: 1,
  invalidInput: 2,
  notFound: 3,
  /** Collection refused: no legal basis valid now, or a closed case (R1). */
  refused: 4,
  /** Stored evidence, a signature, a timestamp or the ledger failed verification (R4, R8). */
  integrity: 5,
  conflict: 6,
  forbidden: 7,
  unavailable: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function exitCodeFor(code: ErrorCode): ExitCode {
  switch (code) {
    case 'invalid_input':
      return EXIT.invalidInput;
    case 'not_found':
      return EXIT.notFound;
    case 'refused':
      return EXIT.refused;
    case 'integrity':
      return EXIT.integrity;
    case 'conflict':
      return EXIT.conflict;
    case 'forbidden':
    case 'unauthenticated':
      return EXIT.forbidden;
    case 'rate_limited':
      return EXIT.unavailable;
    case 'unavailable':
      return EXIT.unavailable;
    case 'internal':
      return EXIT.internal;
  }
}
