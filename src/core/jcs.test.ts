import { describe, expect, it } from 'vitest';
import { canonicalize } from './jcs.js';

describe('canonicalize (RFC 8785)', () => {
  it('sorts members by UTF-16 code units, recursively', () => {
    expect(canonicalize({ b: 1, a: { d: 2, c: [3, { z: 0, y: 1 }] } })).toBe(
      '{"a":{"c":[3,{"y":1,"z":0}],"d":2},"b":1}',
    );
  });

  it('reproduces the RFC 8785 §3.2.3 sorting example', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Order per the RFC: \r, 1, \u0080, ö, €, 😀 (surrogates sort below U+FB33), דּ. Read the
    // order off the text: Object.keys would list the integer-like "1" first.
    const order = [...canonicalize(input).matchAll(/"([^"]*)":/g)].map((m) => m[1]);
    expect(order).toEqual(['\\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it('serialises numbers the ECMAScript way (RFC 8785 §3.2.2.3)', () => {
    expect(canonicalize([1e21, 1e-7, 0.000001, -0, 333333333.3333333, 4.5])).toBe(
      '[1e+21,1e-7,0.000001,0,333333333.3333333,4.5]',
    );
  });

  it('escapes strings minimally and keeps non-ASCII as is', () => {
    expect(canonicalize('\u0007"\\\u00e9\u0627')).toBe('"\\u0007\\"\\\\\u00e9\u0627"');
  });

  it('drops undefined members and refuses non-JSON numbers', () => {
    expect(canonicalize({ a: undefined, b: null })).toBe('{"b":null}');
    expect(() => canonicalize(Number.NaN)).toThrow(/non-finite/);
  });
});
