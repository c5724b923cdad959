/**
 * @module Decode an image file to the pixels PDQ is defined on, with `sharp` (libvips).
 *
 * ThreatExchange PDQ README (interoperable form): hash the full-resolution decoded pixels (no
 * pre-resize), drop an alpha channel rather than compositing it, ignore EXIF orientation.
 * sharp does all three when asked only for raw pixels: it never auto-rotates unless told to,
 * and `removeAlpha()` drops the band. `ignoreIcc` keeps the stored sample values instead of
 * converting an embedded colour profile to sRGB: the reference hashes the stored values, and
 * with the conversion `pen-and-coaster.png` (RGBA with a profile) lands 2 bits away.
 */
import sharp from 'sharp';
import { invalidInput } from '../../core/errors.js';
import type { RawImage } from './pdq.js';

/** Which decoder produced the pixels, recorded with results so a distance can be explained. */
export const IMAGE_DECODER = `sharp ${sharp.versions.sharp ?? '?'} (libvips ${sharp.versions.vips})`;

/**
 * Decode an image (file path or bytes) to 8-bit pixels, grey or RGB, alpha dropped.
 *
 * @throws VigilError `invalid_input` when the input is not an image sharp can decode.
 */
export async function decodeImage(input: string | Uint8Array): Promise<RawImage> {
  try {
    // limitInputPixels: false — a huge poster is still evidence; PDQ needs all of it.
    const { data, info } = await sharp(input, {
      limitInputPixels: false,
      failOn: 'none',
      ignoreIcc: true,
    })
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (cause) {
    const what = typeof input === 'string' ? input : `${input.length} bytes`;
    throw invalidInput(`cannot decode image ${what}: ${(cause as Error).message}`, {
      hint: 'PDQ needs a decodable still image (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIF)',
      cause,
    });
  }
}
