/** @module Tests: the entity pre-scan only skips what cannot match and never starts too late. */
import { describe, expect, it } from 'vitest';
import { extractEntities } from './entities.js';
import {
  CUE_DIGITS,
  CUE_EMAIL,
  CUE_HANDLE,
  CUE_HASHTAG,
  CUE_IBAN,
  CUE_LONG_RUN,
  CUE_URL,
  scanEntityCues,
} from './entity-cues.js';

describe('scanEntityCues', () => {
  it('finds no cue in everyday text', () => {
    expect(scanEntityCues('The market stayed open until late, bring water.').mask).toBe(0);
    expect(scanEntityCues('تم افتتاح المكتبة العامة الجديدة').mask).toBe(0);
  });

  it.each([
    ['see https://x.org', CUE_URL],
    ['WWW.Example.org', CUE_URL],
    ['T.ME/channel', CUE_URL],
    ['Chat.WhatsApp.com/abc', CUE_URL],
    ['mail é@x.io', CUE_EMAIL | CUE_HANDLE],
    ['hi @coach_sam', CUE_HANDLE],
    ['#tag', CUE_HASHTAG],
    ['abcdefghijklmn', CUE_LONG_RUN],
    ['GB82', CUE_IBAN],
    ['call 555 123 4', CUE_DIGITS],
  ])('%s → cue %i', (text, cue) => {
    expect(scanEntityCues(text).mask).toBe(cue);
  });

  it('does not call a URL what the URL guard never accepted', () => {
    // a/b is no URL prefix; "telegram.dog/" alone was never a guard either.
    expect(scanEntityCues('a/b telegram.dog/x').mask & CUE_URL).toBe(0);
  });

  it('starts each pattern no later than its first possible match', () => {
    const text = 'xx chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv and user.name+tag@mail.example.org';
    const cues = scanEntityCues(text);
    expect(cues.urlFrom).toBeLessThanOrEqual(text.indexOf('chat.'));
    expect(cues.emailFrom).toBe(text.indexOf('user.name'));
    expect(extractEntities(text).map((e) => e.type)).toEqual(['whatsapp_group', 'email']);
  });

  it('still finds a telegram.dog link before the URL that enabled URL extraction', () => {
    const text = `telegram.dog/some_channel ${'filler '.repeat(10)}https://example.org/x`;
    expect(extractEntities(text).map((e) => [e.type, e.value])).toEqual([
      ['telegram_channel', 'telegram.dog/some_channel'],
      ['url', 'https://example.org/x'],
    ]);
  });
});

describe('extractEntities over a whole file', () => {
  it('keeps every entity of many lines, each once, in order', () => {
    const line = 'follow @blue_front #Hijrah https://example.org/a mail a@b.org';
    const text = Array.from({ length: 2000 }, () => line).join('\n');
    const entities = extractEntities(text);
    expect(entities).toHaveLength(2000 * 4);
    for (const e of entities) expect(text.slice(e.start, e.end)).toBe(e.value);
    for (let k = 1; k < entities.length; k++)
      expect(entities[k]!.start).toBeGreaterThanOrEqual(entities[k - 1]!.end);
  });
});
