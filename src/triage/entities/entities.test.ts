/** @module Tests: entity extraction, validation and offsets into the original text. */
import { describe, expect, it } from 'vitest';
import { extractEntities } from './entities.js';
import { checkIban } from './iban.js';

describe('IBAN (ISO 13616 MOD 97-10)', () => {
  it.each([
    'GB82 WEST 1234 5698 7654 32',
    'DE89 3704 0044 0532 0130 00',
    'FR14 2004 1010 0505 0001 3M02 606',
    'NL91ABNA0417164300',
    'BE68539007547034',
  ])('%s is valid', (iban) => expect(checkIban(iban).valid).toBe(true));

  it('rejects wrong check digits and wrong lengths', () => {
    expect(checkIban('GB82 WEST 1234 5698 7654 33')).toMatchObject({
      valid: false,
      reason: 'MOD 97 check digits do not match',
    });
    expect(checkIban('GB82 WEST 1234 5698 7654').reason).toContain('22 characters');
  });
});

describe('extractEntities', () => {
  it('finds each entity type with offsets that slice back to its value', () => {
    const text = [
      'Join us: t.me/+AbCdEfGhIjKl12 and https://t.me/s/example_channel, or chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv.',
      'Message wa.me/442079460958 or +44 20 7946 0958, mail recruit@example.org, follow @blue_front #الخلافة #Hijrah.',
      'BTC bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 ETH 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      'USDT TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t IBAN GB82 WEST 1234 5698 7654 32 see https://example.org/a_(b).',
    ].join('\n');
    const entities = extractEntities(text);
    for (const e of entities) expect(text.slice(e.start, e.end)).toBe(e.value);
    const summary = entities.map((e) => [e.type, e.value, e.valid]);
    expect(summary).toEqual([
      ['telegram_invite', 't.me/+AbCdEfGhIjKl12', true],
      ['telegram_channel', 'https://t.me/s/example_channel', true],
      ['whatsapp_group', 'chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv', true],
      ['whatsapp_phone', 'wa.me/442079460958', true],
      ['phone', '+44 20 7946 0958', true],
      ['email', 'recruit@example.org', true],
      ['handle', '@blue_front', true],
      ['hashtag', '#الخلافة', true],
      ['hashtag', '#Hijrah', true],
      ['btc_address', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', true],
      ['eth_address', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', true],
      ['tron_address', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', true],
      ['iban', 'GB82 WEST 1234 5698 7654 32', true],
      ['url', 'https://example.org/a_(b)', true],
    ]);
    const phone = entities.find((e) => e.type === 'phone')!;
    expect(phone).toMatchObject({ normalised: '+442079460958', region: 'GB' });
    expect(entities.find((e) => e.type === 'whatsapp_phone')).toMatchObject({
      normalised: '+442079460958',
      region: 'GB',
    });
    expect(entities.find((e) => e.type === 'telegram_channel')!.normalised).toBe(
      'https://t.me/example_channel',
    );
  });

  it('reports a failed checksum as an invalid entity rather than dropping it', () => {
    const entities = extractEntities(
      'pay 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD or bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5',
    );
    expect(entities.map((e) => [e.type, e.valid])).toEqual([
      ['eth_address', false],
      ['btc_address', false],
    ]);
    expect(entities[1]!.details?.reason).toContain('checksum');
  });

  it('uses the default region for national phone numbers', () => {
    expect(extractEntities('hubungi 0812-3456-7890')).toEqual([]);
    const [phone] = extractEntities('hubungi 0812-3456-7890', { defaultRegion: 'ID' });
    expect(phone).toMatchObject({
      type: 'phone',
      normalised: '+6281234567890',
      region: 'ID',
      valid: true,
    });
  });

  it('does not read an IBAN into the capitalised word that follows it', () => {
    const text = 'IBAN DE89 3704 0044 0532 0130 00 ASAP';
    const [iban] = extractEntities(text).filter((e) => e.type === 'iban');
    expect(iban).toMatchObject({ value: 'DE89 3704 0044 0532 0130 00', valid: true, region: 'DE' });
  });
});
