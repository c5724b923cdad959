import { describe, expect, it } from 'vitest';
import { parseInstant } from './time.js';

describe('parseInstant', () => {
  it('accepts dates and zoned date-times', () => {
    expect(parseInstant('2026-11-22', 'x').toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(parseInstant('2026-11-22T10:00:00+07:00', 'x').toISOString()).toBe(
      '2026-11-22T03:00:00.000Z',
    );
  });
  it('refuses malformed, zoneless and impossible values with a hint', () => {
    expect(() => parseInstant('22/11/2026', 'valid-from')).toThrow(/valid-from .* not an ISO/);
    expect(() => parseInstant('2026-11-22T10:00', 'x')).toThrow(/no time zone/);
    expect(() => parseInstant('2026-13-45', 'x')).toThrow(/not a real date/);
    expect(() => parseInstant('2026-11-31', 'x')).toThrow(/not a real date/);
    expect(() => parseInstant('2026-02-29T10:00:00Z', 'x')).toThrow(/not a real date/);
    expect(parseInstant('2028-02-29', 'x').toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });
});
