/**
 * @module RFC 8785 JSON Canonicalization Scheme (JCS): the exact bytes the custody ledger hashes.
 */
import { invalidInput } from './errors.js';

/**
 * Canonical JSON of a JSON-compatible value.
 *
 * RFC 8785 §3.2.2.3: numbers serialise as ECMAScript `Number.prototype.toString` does, which is
 * what `JSON.stringify` emits for finite numbers. §3.2.3: object members sorted by their UTF-16
 * code units, which is JavaScript's default string ordering. §3.2.2.2: strings escaped as
 * `JSON.stringify` escapes them.
 *
 * @example
 * canonicalize({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalize(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    // §3.2.2.3: NaN and ±Infinity are not JSON; -0 serialises as 0 (JSON.stringify does so).
    if (!Number.isFinite(value)) {
      throw invalidInput(`cannot canonicalise the non-finite number ${String(value)}`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((element: unknown) => canonicalize(element)).join(',')}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalize(record[key])}`);
    return `{${members.join(',')}}`;
  }
  throw invalidInput(`cannot canonicalise a value of type ${typeof value}`);
}
