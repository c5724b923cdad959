/**
 * @module Writing an output file atomically (temp file, fsync, rename) and reporting its SHA-256.
 */
import { createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomic(
  file: string,
  content: string | Uint8Array,
): Promise<{ path: string; sha256: string; size: number }> {
  const target = path.resolve(file);
  const temp = `${target}.vigil-${process.pid}.part`;
  const handle = await fsp.open(temp, 'w', 0o644);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsp.rename(temp, target);
  const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return {
    path: target,
    sha256: createHash('sha256').update(buffer).digest('hex'),
    size: buffer.byteLength,
  };
}
