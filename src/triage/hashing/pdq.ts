/**
 * @module PDQ perceptual hash (Meta ThreatExchange), computed on decoded pixels in memory.
 *
 * This follows the reference C++ core (`pdq/cpp/hashing/pdqhashing.cpp`,
 * `pdq/cpp/downscaling/downscaling.cpp`) step by step, including its single-precision float
 * arithmetic: every intermediate the reference keeps in a `float` is rounded to float32 here
 * (`Math.fround`, or a store into a `Float32Array`). Doing the sums in double precision instead
 * would flip the occasional bit whose DCT coefficient sits right at the median, and the point
 * of PDQ is interoperability with hashes computed elsewhere. Rounding a double-precision
 * `+ − × ÷` of two float32 values to float32 gives exactly the float32 result, so this is an
 * emulation, not an approximation.
 *
 * Pure: no I/O. Decoding lives in `image-decode.ts`.
 */
import { PDQ_BITS } from './pdq-hash.js';

const fround = Math.fround;

/** The eight dihedral transforms of an image (rotations and flips), reference names. */
export const PDQ_DIHEDRAL_NAMES = [
  'original',
  'rotate90',
  'rotate180',
  'rotate270',
  'flipX',
  'flipY',
  'flipPlus1',
  'flipMinus1',
] as const;
export type PdqDihedralName = (typeof PDQ_DIHEDRAL_NAMES)[number];

/** A PDQ hash with its quality (0–100). */
export interface PdqResult {
  /** 64 lower-case hex digits, reference word order (word 15 first). */
  hash: string;
  /** Reference quality metric, 0–100; under 50 the hash is never matched. */
  quality: number;
}

/** PDQ of the original image and of its seven other dihedral transforms. */
export interface PdqDihedralResult {
  quality: number;
  hashes: Record<PdqDihedralName, string>;
}

/** Decoded pixels: `channels` bytes per pixel, rows top to bottom, no padding. */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  /** 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. Alpha is ignored (dropped, not composited). */
  channels: number;
}

// pdqhashing.cpp: "Minimum size tested."
const MIN_HASHABLE_DIM = 5;

// pdqhashing.cpp: luma coefficients are `const float`, so products are float × float.
const LUMA_R = new Float32Array(256);
const LUMA_G = new Float32Array(256);
const LUMA_B = new Float32Array(256);
{
  const r = fround(0.299);
  const g = fround(0.587);
  const b = fround(0.114);
  for (let v = 0; v < 256; v++) {
    LUMA_R[v] = fround(r * v);
    LUMA_G[v] = fround(g * v);
    LUMA_B[v] = fround(b * v);
  }
}

// pdqhashing.cpp dct_matrix_64: rows 1..16 of the 64-point DCT-II (row 0, the DC term, is
// dropped). The scale factor is a float; the product is formed in double and stored as float.
const DCT = new Float32Array(16 * 64);
{
  const scale = fround(Math.sqrt(2 / 64));
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) {
      DCT[i * 64 + j] = scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1));
    }
  }
}

/** Scratch buffers reused between calls (hashing is synchronous, so never shared mid-call). */
let scratchA = new Float32Array(0);
let scratchB = new Float32Array(0);
const buf64 = new Float32Array(64 * 64);
const buf16x64 = new Float32Array(16 * 64);

function scratch(size: number): [Float32Array, Float32Array] {
  if (scratchA.length < size) {
    scratchA = new Float32Array(size);
    scratchB = new Float32Array(size);
  }
  return [scratchA, scratchB];
}

/** downscaling.cpp computeJaroszFilterWindowSize: `(old + 2·new − 1) / (2·new)`, new = 64. */
export const jaroszWindowSize = (dimension: number): number => Math.floor((dimension + 127) / 128);

/**
 * Luma of one row: Y = 0.299R + 0.587G + 0.114B as `float yval = R*r + G*g + B*b` (left-to-right
 * float additions), or the grey level itself (fillFloatLumaFromGrey).
 */
function lumaRow(image: RawImage, row: number, out: Float32Array, at = 0): void {
  const { data, width, channels } = image;
  let q = row * width * channels;
  if (channels === 3) {
    // The common case with a constant stride, which the compiler handles better.
    for (let p = at, end = at + width; p < end; p++, q += 3) {
      out[p] = fround(LUMA_R[data[q]!]! + LUMA_G[data[q + 1]!]!) + LUMA_B[data[q + 2]!]!;
    }
  } else if (channels > 3) {
    for (let p = at, end = at + width; p < end; p++, q += channels) {
      out[p] = fround(LUMA_R[data[q]!]! + LUMA_G[data[q + 1]!]!) + LUMA_B[data[q + 2]!]!;
    }
  } else {
    for (let p = at, end = at + width; p < end; p++, q += channels) out[p] = data[q]!;
  }
}

/**
 * downscaling.cpp box1DFloat on one contiguous line: a running float sum whose window shrinks
 * at the edges (the reference's phases 1–4).
 */
function box1D(
  input: Float32Array,
  inBase: number,
  output: Float32Array,
  outBase: number,
  length: number,
  window: number,
): void {
  const half = Math.floor((window + 2) / 2);
  const p1 = half - 1;
  const p2 = window - half + 1;
  const p3 = length - window;
  const p4 = half - 1;
  let li = inBase;
  let ri = inBase;
  let oi = outBase;
  let sum = 0;
  let w = 0;
  for (let i = 0; i < p1; i++) {
    sum = fround(sum + input[ri++]!);
    w++;
  }
  for (let i = 0; i < p2; i++) {
    sum = fround(sum + input[ri++]!);
    w++;
    output[oi++] = sum / w;
  }
  const inv = 1 / w;
  for (let i = 0; i < p3; i++) {
    sum = fround(fround(sum + input[ri++]!) - input[li++]!);
    output[oi++] = sum * inv;
  }
  for (let i = 0; i < p4; i++) {
    sum = fround(sum - input[li++]!);
    w--;
    output[oi++] = sum / w;
  }
}

/**
 * box1D on four lines of equal length at once. Each line's running sum is a chain of dependent
 * float operations (add, round, subtract, round); interleaving four independent chains lets the
 * CPU overlap them, which is where most of the filter's time goes. Per line the operations and
 * their order are exactly those of box1D.
 */
function box1D4(
  input: Float32Array,
  inBases: Int32Array,
  output: Float32Array,
  outBases: Int32Array,
  length: number,
  window: number,
): void {
  const half = Math.floor((window + 2) / 2);
  const p1 = half - 1;
  const p2 = window - half + 1;
  const p3 = length - window;
  const p4 = half - 1;
  const i0 = inBases[0]!;
  const i1 = inBases[1]!;
  const i2 = inBases[2]!;
  const i3 = inBases[3]!;
  const o0 = outBases[0]!;
  const o1 = outBases[1]!;
  const o2 = outBases[2]!;
  const o3 = outBases[3]!;
  let li = 0;
  let ri = 0;
  let oi = 0;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let w = 0;
  for (let i = 0; i < p1; i++, ri++) {
    s0 = fround(s0 + input[i0 + ri]!);
    s1 = fround(s1 + input[i1 + ri]!);
    s2 = fround(s2 + input[i2 + ri]!);
    s3 = fround(s3 + input[i3 + ri]!);
    w++;
  }
  for (let i = 0; i < p2; i++, ri++, oi++) {
    s0 = fround(s0 + input[i0 + ri]!);
    s1 = fround(s1 + input[i1 + ri]!);
    s2 = fround(s2 + input[i2 + ri]!);
    s3 = fround(s3 + input[i3 + ri]!);
    w++;
    output[o0 + oi] = s0 / w;
    output[o1 + oi] = s1 / w;
    output[o2 + oi] = s2 / w;
    output[o3 + oi] = s3 / w;
  }
  // Multiplying by 1/w instead of dividing: see `quotientByReciprocal`; four divisions per
  // step were the filter's bottleneck (a division issues every few cycles, a product every one).
  const inv = 1 / w;
  for (let i = 0; i < p3; i++, ri++, li++, oi++) {
    s0 = fround(fround(s0 + input[i0 + ri]!) - input[i0 + li]!);
    s1 = fround(fround(s1 + input[i1 + ri]!) - input[i1 + li]!);
    s2 = fround(fround(s2 + input[i2 + ri]!) - input[i2 + li]!);
    s3 = fround(fround(s3 + input[i3 + ri]!) - input[i3 + li]!);
    output[o0 + oi] = s0 * inv;
    output[o1 + oi] = s1 * inv;
    output[o2 + oi] = s2 * inv;
    output[o3 + oi] = s3 * inv;
  }
  for (let i = 0; i < p4; i++, li++, oi++) {
    s0 = fround(s0 - input[i0 + li]!);
    s1 = fround(s1 - input[i1 + li]!);
    s2 = fround(s2 - input[i2 + li]!);
    s3 = fround(s3 - input[i3 + li]!);
    w--;
    output[o0 + oi] = s0 / w;
    output[o1 + oi] = s1 / w;
    output[o2 + oi] = s2 / w;
    output[o3 + oi] = s3 / w;
  }
}

/**
 * The same box filter down each column of a `rows × cols` matrix, computed a row at a time
 * over all columns (cache-friendly); each column sees exactly the reference's sequence of float
 * operations. When `keepRows` is given, only those output rows are written, packed in order.
 */
function boxAlongCols(
  input: Float32Array,
  output: Float32Array,
  rows: number,
  cols: number,
  window: number,
  sums: Float32Array,
  keepRows?: Int32Array,
): void {
  const half = Math.floor((window + 2) / 2);
  const p1 = half - 1;
  const p2 = window - half + 1;
  const p3 = rows - window;
  const p4 = half - 1;
  sums.fill(0, 0, cols);
  let li = 0;
  let ri = 0;
  let outRow = 0;
  let keep = 0;
  let w = 0;
  // Where row `outRow` goes in `output`, or −1 when it is not kept.
  const target = (): number => {
    if (!keepRows) return outRow * cols;
    if (keep < keepRows.length && keepRows[keep] === outRow) {
      // Several kept rows can coincide only if rows < 64; they are packed one after another.
      return keep * cols;
    }
    return -1;
  };
  const advance = (): void => {
    if (keepRows) while (keep < keepRows.length && keepRows[keep] === outRow) keep++;
    outRow++;
  };
  for (let i = 0; i < p1; i++, ri += cols) {
    for (let c = 0; c < cols; c++) sums[c] = sums[c]! + input[ri + c]!;
    w++;
  }
  for (let i = 0; i < p2; i++, ri += cols) {
    w++;
    for (let c = 0; c < cols; c++) sums[c] = sums[c]! + input[ri + c]!;
    writeRow(sums, output, target(), cols, w, keepRows, keep, outRow);
    advance();
  }
  for (let i = 0; i < p3; i++, ri += cols, li += cols) {
    const at = target();
    if (at < 0) {
      for (let c = 0; c < cols; c++) sums[c] = fround(sums[c]! + input[ri + c]!) - input[li + c]!;
    } else {
      // Update and write in one sweep (the sum is rounded to float32 before the division,
      // as the store into `sums` does); see `quotientByReciprocal` for the product.
      const inv = 1 / w;
      for (let c = 0; c < cols; c++) {
        const sum = fround(fround(sums[c]! + input[ri + c]!) - input[li + c]!);
        sums[c] = sum;
        output[at + c] = sum * inv;
      }
      duplicateKept(output, at, cols, keepRows, keep, outRow);
    }
    advance();
  }
  for (let i = 0; i < p4; i++, li += cols) {
    w--;
    for (let c = 0; c < cols; c++) sums[c] = sums[c]! - input[li + c]!;
    writeRow(sums, output, target(), cols, w, keepRows, keep, outRow);
    advance();
  }
}

/** Write sums / w to the output row(s) for `outRow` (duplicated when kept rows coincide). */
function writeRow(
  sums: Float32Array,
  output: Float32Array,
  at: number,
  cols: number,
  w: number,
  keepRows: Int32Array | undefined,
  keep: number,
  outRow: number,
): void {
  if (at < 0) return;
  const inv = 1 / w;
  for (let c = 0; c < cols; c++) output[at + c] = sums[c]! * inv;
  duplicateKept(output, at, cols, keepRows, keep, outRow);
}

/** When several kept rows coincide with `outRow` (images under 64 rows), copy it to each. */
function duplicateKept(
  output: Float32Array,
  at: number,
  cols: number,
  keepRows: Int32Array | undefined,
  keep: number,
  outRow: number,
): void {
  if (keepRows) {
    for (let k = keep + 1; k < keepRows.length && keepRows[k] === outRow; k++) {
      output.copyWithin(k * cols, at, at + cols);
    }
  }
}

/**
 * The float32 quotient s / w, computed as the double product s · (1/w) rounded to float32 (the
 * store into a Float32Array rounds). It equals the reference's float division for every float32
 * s and integer 1 ≤ w < 2²⁵: the exact quotient is never a float32 rounding midpoint (w·mid would
 * need ≥ 25 significant bits, s has 24), it lies at least 2⁻²⁶/w (relative) from any midpoint,
 * and the double product errs by under 2⁻⁵², so both round the same way. Exported for its test.
 */
export const quotientByReciprocal = (s: number, w: number): number => fround(s * (1 / w));

/** pdqImageDomainQualityMetric: quantised neighbour-gradient sum / 90, capped at 100. */
function qualityOf(a: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) {
      const d = Math.trunc(
        fround(fround(fround(a[i * 64 + j]! - a[(i + 1) * 64 + j]!) * 100) / 255),
      );
      sum += Math.abs(d);
    }
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) {
      const d = Math.trunc(fround(fround(fround(a[i * 64 + j]! - a[i * 64 + j + 1]!) * 100) / 255));
      sum += Math.abs(d);
    }
  }
  return Math.min(100, Math.floor(sum / 90));
}

/** dct64To16: B = D·A·Dᵀ with float accumulation in the reference's order. */
function dct64To16(a: Float32Array, t: Float32Array, b: Float32Array): void {
  for (let i = 0; i < 16; i++) {
    const di = i * 64;
    for (let j = 0; j < 64; j++) {
      let s = 0;
      for (let k = 0; k < 64; k++) s = fround(s + fround(DCT[di + k]! * a[k * 64 + j]!));
      t[i * 64 + j] = s;
    }
  }
  for (let i = 0; i < 16; i++) {
    const ti = i * 64;
    for (let j = 0; j < 16; j++) {
      const dj = j * 64;
      let s = 0;
      for (let k = 0; k < 64; k++) s = fround(s + fround(t[ti + k]! * DCT[dj + k]!));
      b[i * 16 + j] = s;
    }
  }
}

/**
 * pdqBuffer16x16ToBits: bit k (k = row·16 + col) is set when the coefficient exceeds the median.
 * The reference's Torben median of 256 values returns the 128th smallest (the lower median).
 */
function bitsToHex(b: Float32Array): string {
  const sorted = Float32Array.from(b).sort();
  const median = sorted[127]!;
  const words = new Uint16Array(PDQ_BITS / 16);
  for (let k = 0; k < PDQ_BITS; k++) {
    if (b[k]! > median) words[k >> 4] = words[k >> 4]! | (1 << (k & 15));
  }
  // Hash256::format: word 15 first, four hex digits each.
  let hex = '';
  for (let w = 15; w >= 0; w--) hex += words[w]!.toString(16).padStart(4, '0');
  return hex;
}

const ZERO_HASH = '0'.repeat(64);

/** Truncated cell-centre indices of decimateFloat: `(int)(((i + 0.5) * n) / 64)`. */
function centres(n: number): Int32Array {
  const out = new Int32Array(64);
  for (let i = 0; i < 64; i++) out[i] = Math.trunc(((i + 0.5) * n) / 64);
  return out;
}

/**
 * Jarosz filter (two row-then-column box passes) and 64×64 decimation into `buf64`.
 *
 * Equivalent to the reference's full-image passes followed by decimateFloat, but the second
 * pass only finishes the values decimation will read: the second row pass keeps the 64 sampled
 * columns, and the second column pass runs on those 64 columns only and writes the 64 sampled
 * rows. Each kept value goes through the same float operations in the same order as in the
 * reference, so the result is identical and the last pass costs 64/width of the full one.
 */
function blurAndDecimate(image: RawImage): void {
  const { width: cols, height: rows } = image;
  const [a, b] = scratch(rows * Math.max(cols, 64));
  const line = new Float32Array(cols);
  const line2 = new Float32Array(cols);
  const sums = new Float32Array(Math.max(cols, 64));
  const windowAlongRows = jaroszWindowSize(cols);
  const windowAlongCols = jaroszWindowSize(rows);
  const rowCentres = centres(rows);
  const colCentres = centres(cols);
  // Pass 1, rows (luma computed a row at a time, straight into the filter).
  const lines = new Float32Array(4 * cols);
  const inBases = Int32Array.of(0, cols, 2 * cols, 3 * cols);
  const outBases = new Int32Array(4);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    for (let k = 0; k < 4; k++) {
      lumaRow(image, r + k, lines, k * cols);
      outBases[k] = (r + k) * cols;
    }
    box1D4(lines, inBases, a, outBases, cols, windowAlongRows);
  }
  for (; r < rows; r++) {
    lumaRow(image, r, line);
    box1D(line, 0, a, r * cols, cols, windowAlongRows);
  }
  // Pass 1, columns: the whole image.
  boxAlongCols(a, b, rows, cols, windowAlongCols, sums);
  // Pass 2, rows: keep the 64 sampled columns, packed as a rows × 64 matrix in `a`.
  r = 0;
  for (; r + 4 <= rows; r += 4) {
    for (let k = 0; k < 4; k++) inBases[k] = (r + k) * cols;
    outBases.set([0, cols, 2 * cols, 3 * cols]);
    box1D4(b, inBases, lines, outBases, cols, windowAlongRows);
    for (let k = 0; k < 4; k++) {
      const base = (r + k) * 64;
      const from = k * cols;
      for (let j = 0; j < 64; j++) a[base + j] = lines[from + colCentres[j]!]!;
    }
  }
  for (; r < rows; r++) {
    box1D(b, r * cols, line2, 0, cols, windowAlongRows);
    const base = r * 64;
    for (let j = 0; j < 64; j++) a[base + j] = line2[colCentres[j]!]!;
  }
  // Pass 2, columns: 64 columns, only the 64 sampled rows written.
  boxAlongCols(a, buf64, rows, 64, windowAlongCols, sums, rowCentres);
}

/** Blur, decimate, score and transform; returns the 16×16 DCT block and the quality. */
function dctOf(image: RawImage): { dct: Float32Array; quality: number } | undefined {
  const { width: cols, height: rows } = image;
  if (rows < MIN_HASHABLE_DIM || cols < MIN_HASHABLE_DIM) return undefined;
  if (rows === 64 && cols === 64) {
    // pdqFloat256FromFloatLuma: a 64×64 input is taken as already downsampled.
    const line = new Float32Array(64);
    for (let r = 0; r < 64; r++) {
      lumaRow(image, r, line);
      buf64.set(line, r * 64);
    }
  } else {
    blurAndDecimate(image);
  }
  const quality = qualityOf(buf64);
  const dct = new Float32Array(256);
  dct64To16(buf64, buf16x64, dct);
  return { dct, quality };
}

/**
 * PDQ of decoded pixels, as the reference computes it on full-resolution input.
 * Images smaller than 5×5 get the all-zero hash and quality 0, as in the reference.
 *
 * @example
 * const { hash, quality } = pdqFromPixels({ data, width, height, channels: 3 });
 */
export function pdqFromPixels(image: RawImage): PdqResult {
  const result = dctOf(image);
  if (!result) return { hash: ZERO_HASH, quality: 0 };
  return { hash: bitsToHex(result.dct), quality: result.quality };
}

// pdqhashing.cpp dct16OriginalTo…: a dihedral transform of the image is a sign pattern and
// possibly a transpose of the DCT block, so all eight hashes cost one filter pass.
type Transform = (i: number, j: number, v: number) => [number, number, number];
const TRANSFORMS: Record<PdqDihedralName, Transform> = {
  original: (i, j, v) => [i, j, v],
  rotate90: (i, j, v) => [j, i, j & 1 ? v : -v],
  rotate180: (i, j, v) => [i, j, (i + j) & 1 ? -v : v],
  rotate270: (i, j, v) => [j, i, i & 1 ? v : -v],
  flipX: (i, j, v) => [i, j, i & 1 ? v : -v],
  flipY: (i, j, v) => [i, j, j & 1 ? v : -v],
  flipPlus1: (i, j, v) => [j, i, v],
  flipMinus1: (i, j, v) => [j, i, (i + j) & 1 ? -v : v],
};

/**
 * PDQ of the image and of its rotations by 90°, 180°, 270° and its four flips: what the hash
 * of each transformed image would be, without transforming the pixels.
 */
export function pdqDihedralFromPixels(image: RawImage): PdqDihedralResult {
  const result = dctOf(image);
  const hashes = {} as Record<PdqDihedralName, string>;
  if (!result) {
    for (const name of PDQ_DIHEDRAL_NAMES) hashes[name] = ZERO_HASH;
    return { quality: 0, hashes };
  }
  const out = new Float32Array(256);
  for (const name of PDQ_DIHEDRAL_NAMES) {
    const transform = TRANSFORMS[name];
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 16; j++) {
        const [oi, oj, v] = transform(i, j, result.dct[i * 16 + j]!);
        out[oi * 16 + oj] = v;
      }
    }
    hashes[name] = bitsToHex(out);
  }
  return { quality: result.quality, hashes };
}
