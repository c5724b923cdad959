import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { ExiftoolInspector } from './file-inspector.js';

describe('ExiftoolInspector media types', () => {
  const dir = tempDir();
  const inspector = new ExiftoolInspector();
  const write = (name: string, data: string | Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, data);
    return file;
  };

  it('recognises short Arabic and Urdu text as text', async () => {
    expect((await inspector.inspect(write('ar.txt', 'انْضَمُّوا إِلَى القَافِلَةِ'))).mediaType).toBe(
      'text/plain',
    );
    expect((await inspector.inspect(write('ur.txt', 'یہ ایک فرضی پوسٹ ہے'))).mediaType).toBe(
      'text/plain',
    );
  });

  it('keeps a long UTF-8 text as text when the sniffed window cuts a character in two', async () => {
    // 8191 ASCII bytes, then a two-byte character straddling the 8 KiB window.
    expect(
      (await inspector.inspect(write('long.txt', `${'a'.repeat(8191)}é and more`))).mediaType,
    ).toBe('text/plain');
  });

  it('calls bytes with NUL or invalid UTF-8 binary, and reads the type of known formats from content', async () => {
    expect(
      (await inspector.inspect(write('bin.dat', Buffer.from([0x41, 0x00, 0x42])))).mediaType,
    ).toBe('application/octet-stream');
    expect(
      (await inspector.inspect(write('bad.txt', Buffer.from([0x41, 0xff, 0xfe, 0x42])))).mediaType,
    ).toBe('application/octet-stream');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect((await inspector.inspect(write('not-a.txt', png))).mediaType).toBe('image/png');
  });
});
