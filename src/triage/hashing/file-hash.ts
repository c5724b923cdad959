/**
 * @module `vigil hash`: cryptographic and perceptual hashes of files. SHA-256 and MD5 for every
 * file (MD5 only because hash lists from industry still carry it; SHA-256 is the identity Vigil
 * relies on), PDQ + quality for images, vPDQ-style frame hashes for videos.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { invalidInput, notFound } from '../../core/errors.js';
import { pdqFromImage } from './image-hash.js';
import { hashVideo } from './video-hash.js';
import type { VideoFrameHash, VideoHashOptions } from './video-hash.js';

/** What a file was taken to be, from its content (magic bytes), never its name. */
export const FILE_KINDS = ['image', 'video', 'other'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** Hashes of one file. `pdq`/`quality` for images, `frames` for videos. */
export interface FileHashes {
  path: string;
  sha256: string;
  md5: string;
  size: number;
  kind: FileKind;
  /** Detected media type, e.g. `image/jpeg`; absent when unknown. */
  mime?: string;
  pdq?: string;
  quality?: number;
  frames?: VideoFrameHash[];
  /** Why a perceptual hash is missing although the kind called for one (e.g. a truncated JPEG). */
  perceptualError?: string;
}

export interface HashFilesOptions {
  /** Video sampling and ffmpeg location, see `hashVideo`. */
  video?: VideoHashOptions;
}

/** SHA-256 and MD5 in one streaming read. */
async function digests(path: string): Promise<{ sha256: string; md5: string }> {
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  for await (const chunk of createReadStream(path)) {
    sha256.update(chunk as Buffer);
    md5.update(chunk as Buffer);
  }
  return { sha256: sha256.digest('hex'), md5: md5.digest('hex') };
}

/** sharp cannot decode these image types; they are hashed as plain files. */
const NOT_DECODABLE = new Set([
  'image/vnd.adobe.photoshop',
  'image/x-icon',
  'image/vnd.microsoft.icon',
]);

/**
 * Hash each file. Files are processed one after another (hashing is CPU-bound and the
 * machine is shared). A perceptual hash that fails (corrupt image) is reported in
 * `perceptualError`, while the cryptographic hashes are still returned.
 *
 * @throws VigilError `not_found` for a missing path, `invalid_input` for a directory.
 * @example
 * const [h] = await hashFiles(['poster.jpg']); // { sha256, md5, size, kind: 'image', pdq, quality }
 */
export async function hashFiles(
  paths: readonly string[],
  options: HashFilesOptions = {},
): Promise<FileHashes[]> {
  const out: FileHashes[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((cause: unknown) => {
      throw notFound(`file not found: ${path}`, { hint: 'check the path', cause });
    });
    if (!info.isFile())
      throw invalidInput(`not a regular file: ${path}`, { hint: 'pass files, not directories' });
    const { sha256, md5 } = await digests(path);
    const type = await fileTypeFromFile(path).catch(() => undefined);
    const mime = type?.mime;
    const kind: FileKind =
      mime?.startsWith('image/') && !NOT_DECODABLE.has(mime)
        ? 'image'
        : mime?.startsWith('video/')
          ? 'video'
          : 'other';
    const result: FileHashes = { path, sha256, md5, size: info.size, kind };
    if (mime) result.mime = mime;
    try {
      if (kind === 'image') {
        const { hash, quality } = await pdqFromImage(path);
        result.pdq = hash;
        result.quality = quality;
      } else if (kind === 'video') {
        result.frames = (await hashVideo(path, options.video)).frames;
      }
    } catch (error) {
      result.perceptualError = error instanceof Error ? error.message : String(error);
    }
    out.push(result);
  }
  return out;
}
