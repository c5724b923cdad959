/** @module Hash-list formats: validation by line, HMA/ThreatExchange inputs, round-trips. */
import { describe, expect, it } from 'vitest';
import { detectFormat, formatHashList, parseHashList } from './hashlist-format.js';

const PDQ = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const VPDQ = JSON.stringify([`${PDQ},100,0.000`, `${PDQ.replace('f8', '00')},90,1.000`]);

describe('Vigil CSV', () => {
  it('reads every signal type with labels, normalising values', () => {
    const csv = [
      'type,value,labels',
      `pdq,${PDQ.toUpperCase()},category:propaganda;group:Example Front;source:agency-A`,
      `md5,${MD5},category:Recruitment`,
      `sha256,${SHA},`,
      `url,HTTPS://Example.ORG/a b,category:financing`,
      `vpdq,"${VPDQ.replace(/"/g, '""')}",category:propaganda`,
    ].join('\r\n');
    const { entries, errors } = parseHashList(csv, 'csv');
    expect(errors).toEqual([]);
    expect(entries).toEqual([
      {
        type: 'pdq',
        value: PDQ,
        labels: ['category:propaganda', 'group:Example Front', 'source:agency-A'],
      },
      { type: 'md5', value: MD5, labels: ['category:recruitment'] },
      { type: 'sha256', value: SHA, labels: [] },
      { type: 'url', value: 'https://example.org/a%20b', labels: ['category:financing'] },
      { type: 'vpdq', value: VPDQ, labels: ['category:propaganda'] },
    ]);
  });

  it('reports each malformed row by line with a reason, and keeps the good ones', () => {
    const csv = [
      'type,value,labels', //                                  1
      `pdq,${PDQ.slice(1)},`, //                                 2 short pdq
      `md5,${SHA},`, //                                          3 sha256 given as md5
      `sha256,${MD5},`, //                                       4 md5 given as sha256
      'url,not a url,', //                                       5
      'url,ftp://example.org/x,', //                             6
      `phash,${PDQ},`, //                                        7 unknown type
      `pdq,${PDQ},category:memes`, //                            8 unknown category
      `pdq,${PDQ}`, //                                           9 missing field
      '', //                                                     10 blank: ignored
      `md5,${MD5},"unterminated`, //                             11
    ].join('\n');
    const { entries, errors } = parseHashList(csv, 'csv');
    expect(entries).toEqual([]);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 11]);
    expect(errors[0]!.reason).toMatch(/pdq must be 64 hex/);
    expect(errors[1]!.reason).toMatch(/md5 must be 32 hex/);
    expect(errors[2]!.reason).toMatch(/sha256 must be 64 hex/);
    expect(errors[3]!.reason).toMatch(/not an absolute URL/);
    expect(errors[4]!.reason).toMatch(/http or https/);
    expect(errors[5]!.reason).toMatch(/unknown signal type "phash"/);
    expect(errors[6]!.reason).toMatch(/unknown category "memes"/);
    expect(errors[7]!.reason).toMatch(/expected 3 fields/);
    expect(errors[8]!.reason).toMatch(/not closed/);
  });

  it('counts lines correctly after a quoted field spanning lines', () => {
    const csv = `type,value,labels\nmd5,${MD5},"a\nb"\nmd5,zz,\n`;
    const { errors } = parseHashList(csv, 'csv');
    expect(errors).toEqual([{ line: 4, reason: 'md5 must be 32 hex digits, got "zz"' }]);
  });

  it('rejects a wrong header instead of guessing', () => {
    const { entries, errors } = parseHashList(`value,type\n${PDQ},pdq\n`, 'csv');
    expect(entries).toEqual([]);
    expect(errors[0]).toMatchObject({ line: 1 });
  });

  it('merges duplicate rows and their labels, counting them', () => {
    const { entries, duplicates } = parseHashList(
      `type,value,labels\nmd5,${MD5},a\nmd5,${MD5.toUpperCase()},b\n`,
      'csv',
    );
    expect(duplicates).toBe(1);
    expect(entries).toEqual([{ type: 'md5', value: MD5, labels: ['a', 'b'] }]);
  });

  it('never throws on garbage', () => {
    for (const junk of ['', '\u0000\u0001', '"', ',,,,\n,,', 'type,value,labels\n"a"b,c,d']) {
      for (const format of ['csv', 'json', 'threatexchange-csv', 'pytx'] as const) {
        const result = parseHashList(junk, format);
        expect(Array.isArray(result.errors)).toBe(true);
      }
    }
    expect(parseHashList('', 'csv').errors).toEqual([{ line: 1, reason: 'the file is empty' }]);
  });
});

describe('ThreatExchange / HMA formats', () => {
  it('reads a ThreatExchange threat-descriptor CSV', () => {
    const csv = [
      'id,td_raw_indicator,td_indicator_type,td_subjective_tags,td_description,added_on',
      `2515798535123892,${PDQ},HASH_PDQ,"propaganda,isis_video",Testing bulk upload,2020-01-01`,
      `2376386079125415,${MD5},HASH_VIDEO_MD5,,,2020-01-02`,
      `1,evil.example,HASH_TMK,,,2020-01-03`,
    ].join('\n');
    expect(detectFormat(csv)).toBe('threatexchange-csv');
    const { entries, errors } = parseHashList(csv);
    expect(entries).toEqual([
      {
        type: 'pdq',
        value: PDQ,
        labels: [
          'propaganda',
          'isis_video',
          'source:threatexchange/2515798535123892',
          'description:Testing bulk upload',
        ],
      },
      { type: 'md5', value: MD5, labels: ['source:threatexchange/2376386079125415'] },
    ]);
    expect(errors).toEqual([
      {
        line: 4,
        reason: expect.stringMatching(
          /unsupported ThreatExchange indicator type "HASH_TMK"/,
        ) as string,
      },
    ]);
  });

  it('reads a python-threatexchange signal file', () => {
    const text = `pdq ${PDQ}\nvideo_md5 ${MD5}\nurl https://example.org/x\ntrend_query foo\nbroken\n`;
    expect(detectFormat(text)).toBe('pytx');
    const { entries, errors } = parseHashList(text);
    expect(entries.map((e) => e.type)).toEqual(['pdq', 'md5', 'url']);
    expect(errors.map((e) => e.line)).toEqual([4, 5]);
  });
});

describe('JSON and round-trips', () => {
  const entries = [
    {
      type: 'pdq' as const,
      value: PDQ,
      labels: ['category:propaganda', 'group:G; with semicolon'.replace(';', ',')],
    },
    { type: 'md5' as const, value: MD5, labels: ['quote " and, comma'] },
    { type: 'vpdq' as const, value: VPDQ, labels: [] },
    { type: 'url' as const, value: 'https://example.org/a%20b?x=1,2', labels: ['source:x'] },
    { type: 'sha256' as const, value: SHA, labels: [' padded '.trim()] },
  ];

  it('CSV export → import gives the same entries', () => {
    const csv = formatHashList(entries, 'csv');
    expect(csv.split('\n')[0]).toBe('type,value,labels');
    expect(parseHashList(csv, 'csv')).toEqual({ entries, errors: [], duplicates: 0 });
    expect(detectFormat(csv)).toBe('csv');
  });

  it('JSON export → import gives the same entries, and errors point at the entry line', () => {
    const json = formatHashList(entries, 'json', { name: 'x' });
    expect(JSON.parse(json)).toMatchObject({ format: 'vigil-hashlist', version: 1, name: 'x' });
    expect(parseHashList(json, 'json')).toEqual({ entries, errors: [], duplicates: 0 });
    const broken = json.replace(MD5, 'nothex');
    expect(parseHashList(broken, 'json').errors).toEqual([
      { line: 3, reason: 'md5 must be 32 hex digits, got "nothex"' },
    ]);
    expect(parseHashList('{"entries": [', 'json').errors[0]!.reason).toMatch(/not valid JSON/);
    expect(parseHashList('[{"type":"md5"}]', 'json').errors[0]!.reason).toMatch(
      /needs string "type" and "value"/,
    );
  });
});
