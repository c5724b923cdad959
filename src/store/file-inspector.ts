/**
 * @module Reads a file's media type from its content (file-type) and its embedded metadata
 * (EXIF, XMP, IPTC, …) with exiftool, Debian's `libimage-exiftool-perl`.
 */
import { execFile } from 'node:child_process';
import fsp from 'node:fs/promises';
import { promisify } from 'node:util';
import { fileTypeFromFile } from 'file-type';
import type { FileInspection, FileInspector } from '../evidence/ports.js';

const run = promisify(execFile);

/** exiftool groups that describe the stored copy, not the evidence: they would mislead. */
const HOST_GROUPS = new Set(['File', 'System', 'ExifTool', 'SourceFile']);

/** Text if the first bytes are valid UTF-8 without NUL; the usual fallback of `file(1)`. */
async function sniffText(file: string): Promise<string> {
  const handle = await fsp.open(file, 'r');
  try {
    const buffer = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    if (bytesRead === 0) return 'application/octet-stream';
    if (head.includes(0)) return 'application/octet-stream';
    try {
      // When the file is longer than what was read, a multi-byte character cut at the boundary is
      // not a reason to call it binary: stream mode leaves an incomplete tail undecoded.
      const whole = bytesRead < buffer.length;
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !whole });
      return 'text/plain';
    } catch {
      return 'application/octet-stream';
    }
  } finally {
    await handle.close();
  }
}

export class ExiftoolInspector implements FileInspector {
  readonly #exiftool: string;
  #version: Promise<string | null> | undefined;

  constructor(exiftool = 'exiftool') {
    this.#exiftool = exiftool;
  }

  async inspect(file: string): Promise<FileInspection> {
    const type = await fileTypeFromFile(file);
    const mediaType = type?.mime ?? (await sniffText(file));
    const version = await this.#versionOnce();
    if (version === null) {
      return {
        mediaType,
        metadata: null,
        metadataTool: {
          name: 'exiftool',
          version: null,
          error:
            'exiftool is not installed (Debian package libimage-exiftool-perl); embedded metadata was not read',
        },
      };
    }
    try {
      // -G: group names keep EXIF and XMP values apart; -n: numbers as numbers (no rounding).
      const { stdout } = await run(this.#exiftool, ['-json', '-G', '-n', '-q', '--', file], {
        maxBuffer: 64 * 1024 * 1024,
        timeout: 120_000,
      });
      const [record] = JSON.parse(stdout) as Record<string, unknown>[];
      const metadata: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(record ?? {})) {
        const group = key.split(':')[0] ?? key;
        if (!HOST_GROUPS.has(group)) metadata[key] = value;
      }
      return { mediaType, metadata, metadataTool: { name: 'exiftool', version, error: null } };
    } catch (error) {
      return {
        mediaType,
        metadata: null,
        metadataTool: {
          name: 'exiftool',
          version,
          error: `exiftool failed: ${(error as Error).message}`,
        },
      };
    }
  }

  #versionOnce(): Promise<string | null> {
    this.#version ??= run(this.#exiftool, ['-ver'])
      .then(({ stdout }) => stdout.trim())
      .catch(() => null);
    return this.#version;
  }
}
