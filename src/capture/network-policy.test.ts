import { describe, expect, it } from 'vitest';
import { checkUrl, classifyAddress, parseAllowHosts, type HostResolver } from './network-policy.js';

const fakeDns =
  (table: Record<string, string[]>): HostResolver =>
  (host) =>
    table[host] ? Promise.resolve(table[host]) : Promise.reject(new Error(`ENOTFOUND ${host}`));

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.0.0.2', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link_local'],
    ['169.254.169.254', 'metadata'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['ff02::1', 'multicast'],
    ['[::1]', 'loopback'],
  ])('%s is %s', (ip, cls) => {
    expect(classifyAddress(ip)).toBe(cls);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (ip) => {
      expect(classifyAddress(ip)).toBe('public');
    },
  );
});

describe('parseAllowHosts', () => {
  it('parses host, host:port and bracketed IPv6', () => {
    expect(parseAllowHosts(['Range.Local', '127.0.0.1:8080', '[::1]:9', '::1'])).toEqual([
      { host: 'range.local' },
      { host: '127.0.0.1', port: 8080 },
      { host: '::1', port: 9 },
      { host: '::1' },
    ]);
  });
  it('rejects a bad port', () => {
    expect(() => parseAllowHosts(['a:99999'])).toThrow(/host or host:port/);
  });
});

describe('checkUrl', () => {
  const base = { allow: [], resolve: fakeDns({}), level: 'sub-resource' as const };

  it('refuses non-network schemes at top level, except about:blank', async () => {
    for (const url of [
      'file:///etc/passwd',
      'data:text/html,hi',
      'chrome://settings',
      'devtools://x',
    ]) {
      const d = await checkUrl(url, { ...base, level: 'top-level' });
      expect(d).toMatchObject({ allowed: false, reason: 'scheme' });
    }
    expect((await checkUrl('about:blank', { ...base, level: 'top-level' })).allowed).toBe(true);
  });

  it('refuses loopback literals unless host:port is allow-listed', async () => {
    expect(await checkUrl('http://127.0.0.1:8080/', base)).toMatchObject({
      allowed: false,
      reason: 'loopback',
      address: '127.0.0.1',
    });
    const allow = parseAllowHosts(['127.0.0.1:8080']);
    expect(await checkUrl('http://127.0.0.1:8080/x', { ...base, allow })).toMatchObject({
      allowed: true,
      allowListed: true,
    });
    // Another port on the same host is not covered by a host:port entry.
    expect((await checkUrl('http://127.0.0.1:8081/x', { ...base, allow })).allowed).toBe(false);
  });

  it('refuses a name when any of its addresses is forbidden (rebinding set-up)', async () => {
    const resolve = fakeDns({
      'mixed.example': ['93.184.216.34', '10.0.0.7'],
      'ok.example': ['93.184.216.34'],
    });
    expect(await checkUrl('https://mixed.example/', { ...base, resolve })).toMatchObject({
      allowed: false,
      reason: 'private',
      address: '10.0.0.7',
    });
    expect(await checkUrl('https://ok.example/', { ...base, resolve })).toEqual({
      allowed: true,
      addresses: ['93.184.216.34'],
      allowListed: false,
    });
  });

  it('refuses IPv6 literal metadata and unresolvable names (unless behind a proxy)', async () => {
    expect(await checkUrl('http://[fd00:ec2::254]/latest', base)).toMatchObject({
      reason: 'metadata',
    });
    expect(await checkUrl('http://nowhere.invalid/', base)).toMatchObject({
      reason: 'unresolvable',
    });
    expect((await checkUrl('http://nowhere.invalid/', { ...base, viaProxy: true })).allowed).toBe(
      true,
    );
    expect(await checkUrl('not a url', base)).toMatchObject({ reason: 'malformed_url' });
  });
});
