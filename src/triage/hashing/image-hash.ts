/**
 * @module PDQ of an image file: decode with sharp, hash in memory.
 */
import { decodeImage } from './image-decode.js';
import { pdqDihedralFromPixels, pdqFromPixels } from './pdq.js';
import type { PdqDihedralResult, PdqResult } from './pdq.js';

/**
 * PDQ hash and quality of an image file or its bytes.
 *
 * @example
 * const { hash, quality } = await pdqFromImage('poster.jpg');
 */
export async function pdqFromImage(input: string | Uint8Array): Promise<PdqResult> {
  return pdqFromPixels(await decodeImage(input));
}

/** PDQ of an image file and of its seven rotations and flips. */
export async function pdqDihedralFromImage(input: string | Uint8Array): Promise<PdqDihedralResult> {
  return pdqDihedralFromPixels(await decodeImage(input));
}
