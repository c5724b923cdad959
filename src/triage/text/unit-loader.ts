/**
 * @module The UTF-16 units of a string copied into a reusable typed array, for hot loops.
 *
 * V8 stores a string in one of several shapes (flat, sliced, concatenated; one or two bytes per
 * unit; internalized or not). A loop calling `charCodeAt` on strings of many shapes — as triage
 * does, on posts parsed from YAML or JSON, folded, lower-cased — ends up reading every character
 * through a slow generic path, several times slower than reading one typed array. Copying the
 * units in with Buffer's native "utf16le" writer costs about as much as reading a few dozen
 * characters, once per text.
 */

/** Typed arrays use the platform's byte order; Buffer's "utf16le" is little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A reusable unit array; each `load` replaces its contents. */
export class UnitLoader {
  #units: Uint16Array;
  // A Buffer over the same memory, to copy strings in natively.
  #bytes: Buffer;

  constructor(capacity = 256) {
    this.#units = new Uint16Array(Math.max(1, capacity));
    this.#bytes = Buffer.from(this.#units.buffer);
  }

  /**
   * Copy the UTF-16 units of `text` into the array and return it: `[0, text.length)` holds them,
   * lone surrogates included (Node writes "utf16le" as the raw code units).
   */
  load(text: string): Uint16Array {
    const len = text.length;
    if (this.#units.length < len) {
      this.#units = new Uint16Array(Math.max(len, this.#units.length * 2));
      this.#bytes = Buffer.from(this.#units.buffer);
    }
    const units = this.#units;
    if (LITTLE_ENDIAN) this.#bytes.write(text, 0, 'utf16le');
    else for (let i = 0; i < len; i++) units[i] = text.charCodeAt(i);
    return units;
  }
}
