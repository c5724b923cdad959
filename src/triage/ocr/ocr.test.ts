/** @module Tests: OCR with the real tesseract on images rendered at test time (English, Arabic). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isInvalidInput, isUnavailable } from '../../core/errors.js';
import { analyzeText } from '../text/analyze-text.js';
import { ocrImage, parseTesseractTsv } from './ocr.js';

/** Render one line of text with a system font (DejaVu, Noto are installed) to PNG. */
const render = (text: string, font: string): Promise<Buffer> =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="200"><rect width="100%" height="100%" fill="white"/>` +
        `<text x="700" y="120" text-anchor="middle" font-family="${font}" font-size="64" fill="black">${text}</text></svg>`,
    ),
  )
    .png()
    .toBuffer();

describe('ocrImage', () => {
  it('reads English from a file path, with word confidences and engine provenance', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-ocr-'));
    const file = path.join(dir, 'poster.png');
    writeFileSync(file, await render('Join the caravan, brothers', 'DejaVu Sans'));
    const r = await ocrImage(file, { languages: ['eng'] });
    expect(r.text).toBe('Join the caravan, brothers');
    expect(r.words.map((w) => w.text)).toEqual(['Join', 'the', 'caravan,', 'brothers']);
    expect(r.confidence).toBeGreaterThan(80);
    for (const w of r.words) expect(w.confidence).toBeGreaterThan(50);
    expect(r.engine).toMatchObject({ name: 'tesseract', languages: ['eng'] });
    expect(r.engine.version).toMatch(/^\d+\.\d+/);
  });

  it('reads Arabic in reading order and the text feeds the indicators', async () => {
    const r = await ocrImage(await render('انضموا إلى الدولة الإسلامية', 'Noto Naskh Arabic'), {
      languages: ['ara'],
    });
    expect(r.text).toBe('انضموا إلى الدولة الإسلامية');
    expect(r.confidence).toBeGreaterThan(70);
    const analysis = analyzeText(r.text);
    expect(analysis.flags.map((f) => f.rule)).toContain('ar.recruitment.cta-near-group');
  });

  it('rejects unknown languages, unreadable input and a missing executable with typed errors', async () => {
    await expect(ocrImage(Buffer.from('x'), { languages: ['deu' as never] })).rejects.toSatisfy(
      isInvalidInput,
    );
    await expect(ocrImage(Buffer.from('not an image'), { languages: ['eng'] })).rejects.toSatisfy(
      isInvalidInput,
    );
    await expect(ocrImage('/nonexistent/image.png', { languages: ['eng'] })).rejects.toSatisfy(
      isInvalidInput,
    );
    await expect(
      ocrImage(Buffer.from('x'), { executable: 'no-such-tesseract-binary' }),
    ).rejects.toSatisfy(isUnavailable);
  });
});

describe('parseTesseractTsv', () => {
  it('keeps word rows, drops empty ones, breaks lines and blocks, and weights confidence by length', () => {
    const header =
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
    const rows = [
      '4\t1\t1\t1\t1\t0\t0\t0\t10\t10\t-1\t',
      '5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90\tab',
      '5\t1\t1\t1\t1\t2\t20\t0\t10\t10\t60\tc',
      '5\t1\t1\t1\t2\t1\t0\t20\t10\t10\t80\tnext',
      '5\t1\t2\t1\t1\t1\t0\t60\t10\t10\t-1\t ',
      '5\t1\t2\t1\t1\t2\t0\t60\t10\t10\t70\t\u200Fblock\u200E',
    ];
    const r = parseTesseractTsv([header, ...rows].join('\n'));
    expect(r.text).toBe('ab c\nnext\n\nblock');
    expect(r.words.map((w) => [w.text, w.line])).toEqual([
      ['ab', 0],
      ['c', 0],
      ['next', 1],
      ['block', 2],
    ]);
    expect(r.confidence).toBe(Math.round(((90 * 2 + 60 + 80 * 4 + 70 * 5) / 12) * 100) / 100);
  });
});
