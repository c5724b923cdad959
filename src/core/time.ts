/**
 * @module Parsing and printing instants. Evidence times are UTC ISO 8601 with milliseconds.
 */
import { invalidInput } from './errors.js';

/** ISO 8601 with a date, optional time and optional offset; anything else is refused. */
const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses a user-supplied ISO 8601 instant. A date without a time means midnight UTC.
 * A time without an offset is refused: evidence must not depend on the machine's zone.
 */
export function parseInstant(value: string, what: string): Date {
  const text = value.trim();
  if (!ISO_8601.test(text)) {
    throw invalidInput(`${what} "${value}" is not an ISO 8601 date or date-time`, {
      hint: 'use e.g. 2026-11-22 or 2026-11-22T09:30:00Z (a time needs Z or an offset like +07:00)',
    });
  }
  const hasTime = text.length > 10;
  if (hasTime && !/(?:Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    throw invalidInput(`${what} "${value}" has a time but no time zone`, {
      hint: 'add Z for UTC or an offset such as +08:00',
    });
  }
  const date = new Date(hasTime ? text.replace(' ', 'T') : `${text}T00:00:00Z`);
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  // Date rolls 2026-11-31 over to December 1st; a typo in a warrant date must not.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (Number.isNaN(date.getTime()) || month < 1 || month > 12 || day < 1 || day > daysInMonth) {
    throw invalidInput(`${what} "${value}" is not a real date`, {
      hint: 'check the month and day',
    });
  }
  return date;
}

export const toIso = (date: Date): string => date.toISOString();
