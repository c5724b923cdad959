/**
 * @module OCR of text in images (posters, screenshots of messages) with Debian's tesseract run as
 * a child process, TSV output parsed into words with per-word confidence and an overall
 * confidence. The text feeds the indicators; the result records the engine, its version and the
 * languages used, so the derived artifact carries its provenance.
 */
import { spawn } from 'node:child_process';
import { invalidInput, unavailable } from '../../core/errors.js';

/** Tesseract language packs Vigil expects (Debian: tesseract-ocr-{eng,ara,urd,ind,msa}). */
export const OCR_LANGUAGES = ['eng', 'ara', 'urd', 'ind', 'msa'] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];

export interface OcrWord {
  readonly text: string;
  /** Tesseract's confidence, 0–100. */
  readonly confidence: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly line: number;
}

export interface OcrResult {
  readonly text: string;
  /** Mean word confidence weighted by word length, 0–100 (0 when no word was read). */
  readonly confidence: number;
  readonly words: OcrWord[];
  readonly engine: {
    readonly name: 'tesseract';
    readonly version: string;
    readonly languages: OcrLanguage[];
  };
}

export interface OcrOptions {
  /** Language packs to use together; default all of OCR_LANGUAGES. */
  readonly languages?: readonly OcrLanguage[];
  /** Tesseract page segmentation mode (3 = automatic, 6 = a single block, 11 = sparse text). */
  readonly pageSegmentationMode?: number;
  /** Executable; default `tesseract` on PATH. */
  readonly executable?: string;
  readonly timeoutMs?: number;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  executable: string,
  args: string[],
  input: Buffer | undefined,
  timeoutMs: number,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(
          unavailable(`${executable} is not installed`, {
            hint: 'install Debian packages tesseract-ocr and tesseract-ocr-{ara,urd,ind,msa}',
            cause: error,
          }),
        );
      } else reject(unavailable(`could not run ${executable}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    child.stdin.on('error', () => undefined); // tesseract may exit before reading everything
    child.stdin.end(input);
  });
}

const versions = new Map<string, Promise<string>>();

/** `tesseract --version` first line, e.g. "5.3.0"; cached per executable. */
export function tesseractVersion(executable = 'tesseract'): Promise<string> {
  let v = versions.get(executable);
  if (v === undefined) {
    v = run(executable, ['--version'], undefined, 10_000).then((r) => {
      const m = /tesseract\s+v?(\S+)/i.exec(r.stdout + r.stderr);
      if (m?.[1] === undefined) throw unavailable(`cannot read the version of ${executable}`);
      return m[1];
    });
    versions.set(executable, v);
    v.catch(() => versions.delete(executable));
  }
  return v;
}

const BIDI_MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/gu;

/** Parse tesseract's TSV (level 5 rows are words) into words and text with line breaks. */
export function parseTesseractTsv(tsv: string): {
  text: string;
  words: OcrWord[];
  confidence: number;
} {
  const words: OcrWord[] = [];
  const lines: string[][] = [];
  let lastKey = '';
  let lastBlock = '';
  let lineNo = -1;
  for (const row of tsv.split('\n').slice(1)) {
    const cols = row.split('\t');
    if (cols.length < 12 || cols[0] !== '5') continue;
    // Tesseract wraps Latin runs inside Arabic lines in LRM/RLM marks; they are not text.
    const text = cols.slice(11).join('\t').replace(BIDI_MARKS, '').trim();
    const confidence = Number(cols[10]);
    if (text.length === 0 || !(confidence >= 0)) continue;
    const block = `${cols[1]}.${cols[2]}.${cols[3]}`;
    const key = `${block}.${cols[4]}`;
    if (key !== lastKey) {
      // A new paragraph or block is separated by a blank line, a new line by a line break.
      if (lines.length > 0 && block !== lastBlock) lines.push([]);
      lines.push([]);
      lineNo++;
      lastKey = key;
      lastBlock = block;
    }
    lines[lines.length - 1]!.push(text);
    words.push({
      text,
      confidence,
      left: Number(cols[6]),
      top: Number(cols[7]),
      width: Number(cols[8]),
      height: Number(cols[9]),
      line: lineNo,
    });
  }
  let weight = 0;
  let sum = 0;
  for (const w of words) {
    weight += w.text.length;
    sum += w.confidence * w.text.length;
  }
  return {
    text: lines.map((l) => l.join(' ')).join('\n'),
    words,
    confidence: weight === 0 ? 0 : Math.round((sum / weight) * 100) / 100,
  };
}

/**
 * Read the text in an image.
 *
 * @example
 * const r = await ocrImage('poster.png', { languages: ['eng', 'ara'] });
 * r.text; r.confidence; r.engine.version;
 */
export async function ocrImage(
  image: string | Buffer,
  options: OcrOptions = {},
): Promise<OcrResult> {
  const languages = [...(options.languages ?? OCR_LANGUAGES)];
  if (languages.length === 0)
    throw invalidInput('no OCR language given', {
      hint: `use some of ${OCR_LANGUAGES.join(', ')}`,
    });
  for (const l of languages) {
    if (!(OCR_LANGUAGES as readonly string[]).includes(l)) {
      throw invalidInput(`unknown OCR language "${String(l)}"`, {
        hint: `expected one of ${OCR_LANGUAGES.join(', ')}`,
      });
    }
  }
  const executable = options.executable ?? 'tesseract';
  const version = await tesseractVersion(executable);
  // The image always goes through stdin: no path quoting issues, and buffers need no temp file.
  const args = [
    'stdin',
    'stdout',
    '-l',
    languages.join('+'),
    '--psm',
    String(options.pageSegmentationMode ?? 3),
    'tsv',
  ];
  let data: Buffer;
  if (typeof image === 'string') {
    const { readFile } = await import('node:fs/promises');
    try {
      data = await readFile(image);
    } catch (cause) {
      throw invalidInput(`cannot read image ${image}`, {
        cause,
        hint: 'give the path of a readable image file',
      });
    }
  } else data = image;
  const r = await run(executable, args, data, options.timeoutMs ?? 120_000);
  if (r.code !== 0) {
    throw invalidInput(
      `tesseract could not read the image: ${r.stderr.trim().split('\n').slice(-2).join(' ')}`,
      {
        hint: 'give a PNG, JPEG, TIFF, GIF, WebP or BMP image',
      },
    );
  }
  const parsed = parseTesseractTsv(r.stdout);
  return { ...parsed, engine: { name: 'tesseract', version, languages } };
}
