/**
 * @module The capture network policy (SSRF guard): which URLs the capture browser may fetch.
 * Pure classification of schemes and IP addresses, plus a check that resolves host names through
 * an injected resolver. A refusal is data (a `PolicyRefusal`), recorded in the provenance.
 */
import { isIP } from 'node:net';

/** Why a request was refused; each value names one rule of the policy. */
export const REFUSAL_REASONS = [
  'scheme',
  'loopback',
  'private',
  'link_local',
  'cgnat',
  'metadata',
  'unspecified',
  'reserved',
  'multicast',
  'unresolvable',
  'resource_limit',
  'time_limit',
  'malformed_url',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Address classes the guard refuses (everything but `public`). */
export type AddressClass = Exclude<
  RefusalReason,
  'scheme' | 'unresolvable' | 'resource_limit' | 'time_limit' | 'malformed_url'
>;

/** One refused request, as recorded in the provenance. */
export interface PolicyRefusal {
  url: string;
  reason: RefusalReason;
  /** The forbidden address the host resolved to, when the refusal is about an address. */
  address?: string;
  /** `top-level` for the page itself, otherwise the CDP resource type (Image, Script, …). */
  resourceType: string;
  /** When the request was refused (ISO 8601 UTC). */
  at: string;
  detail: string;
}

/** Resolves a host name to all its addresses (like `dns.lookup(host, {all: true})`). */
export type HostResolver = (host: string) => Promise<string[]>;

/** An allow-list entry: a host (any port) or host:port, parsed. */
export interface AllowedHost {
  host: string;
  port?: number;
}

// Metadata services first: they sit inside link-local or ULA ranges but deserve their own name.
const METADATA_V4 = new Set(['169.254.169.254', '100.100.100.200', '169.254.170.2']);
const METADATA_V6 = new Set(['fd00:ec2:0:0:0:0:0:254']);

interface V4Range {
  base: number;
  bits: number;
  cls: AddressClass;
}

const v4 = (cidr: string, cls: AddressClass): V4Range => {
  const [ip, bits] = cidr.split('/') as [string, string];
  return { base: ipv4ToInt(ip), bits: Number(bits), cls };
};

// RFC 6890 special-purpose registry, the subset a browser must never reach during capture.
const V4_RANGES: readonly V4Range[] = [
  v4('0.0.0.0/8', 'unspecified'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'cgnat'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link_local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'reserved'),
  v4('192.0.2.0/24', 'reserved'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'reserved'),
  v4('198.51.100.0/24', 'reserved'),
  v4('203.0.113.0/24', 'reserved'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

/** Expands an IPv6 address to eight 16-bit groups (handles `::` and an embedded IPv4 tail). */
function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase().split('%')[0] ?? '';
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const n = ipv4ToInt(tail);
    text = `${text.slice(0, lastColon + 1)}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const parts = text.split('::');
  const head = parse(parts[0] ?? '');
  if (parts.length === 1) return head;
  const rest = parse(parts[1] ?? '');
  return [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
}

function classifyV4(ip: string): AddressClass | 'public' {
  if (METADATA_V4.has(ip)) return 'metadata';
  const n = ipv4ToInt(ip);
  if (n === 0xffffffff) return 'reserved';
  for (const range of V4_RANGES) {
    const size = 2 ** (32 - range.bits);
    if (n >= range.base && n < range.base + size) return range.cls;
  }
  return 'public';
}

function classifyV6(ip: string): AddressClass | 'public' {
  const g = ipv6Groups(ip);
  const at = (i: number) => g[i] ?? 0;
  if (METADATA_V6.has(g.map((x) => x.toString(16)).join(':'))) return 'metadata';
  const allZeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (allZeroUpTo(8)) return 'unspecified';
  if (allZeroUpTo(7) && at(7) === 1) return 'loopback';
  // ::ffff:a.b.c.d (RFC 4291 §2.5.5.2) and 64:ff9b::/96 NAT64 (RFC 6052) carry an IPv4 address.
  const embedded = `${at(6) >> 8}.${at(6) & 255}.${at(7) >> 8}.${at(7) & 255}`;
  if (allZeroUpTo(5) && at(5) === 0xffff) return classifyV4(embedded);
  if (at(0) === 0x64 && at(1) === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return classifyV4(embedded);
  }
  if (allZeroUpTo(6)) return 'reserved'; // deprecated IPv4-compatible ::a.b.c.d
  if ((at(0) & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((at(0) & 0xffc0) === 0xfe80) return 'link_local'; // fe80::/10
  if ((at(0) & 0xffc0) === 0xfec0) return 'private'; // fec0::/10 deprecated site-local
  if ((at(0) & 0xff00) === 0xff00) return 'multicast';
  if (at(0) === 0x2001 && at(1) === 0x0db8) return 'reserved'; // documentation
  return 'public';
}

/**
 * Classifies an IP address literal: `public`, or the class of forbidden range it falls in.
 *
 * @example
 * classifyAddress('169.254.169.254'); // 'metadata'
 * classifyAddress('::ffff:127.0.0.1'); // 'loopback'
 */
export function classifyAddress(ip: string): AddressClass | 'public' {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const family = isIP(bare.split('%')[0] ?? '');
  if (family === 4) return classifyV4(bare);
  if (family === 6) return classifyV6(bare);
  return 'reserved';
}

/**
 * Parses allow-list entries: `host`, `host:port`, `[v6]` or `[v6]:port`.
 *
 * @example
 * parseAllowHosts(['range.local', '127.0.0.1:8080']);
 */
export function parseAllowHosts(entries: readonly string[]): AllowedHost[] {
  return entries.map((raw) => {
    const entry = raw.trim().toLowerCase();
    const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracket) {
      return bracket[2] ? { host: bracket[1]!, port: Number(bracket[2]) } : { host: bracket[1]! };
    }
    if (isIP(entry) === 6) return { host: entry };
    const m = /^([^:]+)(?::(\d+))?$/.exec(entry);
    if (!m || (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535))) {
      throw new Error(`allow-list entry "${raw}" is not host or host:port`);
    }
    return m[2] ? { host: m[1]!, port: Number(m[2]) } : { host: m[1]! };
  });
}

/** The URL's host without IPv6 brackets, lower-cased. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/** The URL's effective port (the scheme default when none is written). */
export const portOf = (url: URL): number =>
  url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;

/** True when the URL's host (and port, if the entry names one) is on the allow-list. */
export function isAllowListed(url: URL, allow: readonly AllowedHost[]): boolean {
  const host = hostOf(url);
  const port = portOf(url);
  return allow.some((a) => a.host === host && (a.port === undefined || a.port === port));
}

/** The outcome of checking one URL. `addresses` are the checked addresses, for pinning. */
export type PolicyDecision =
  | { allowed: true; addresses: string[]; allowListed: boolean }
  | { allowed: false; reason: RefusalReason; address?: string; detail: string };

export interface CheckUrlOptions {
  allow: readonly AllowedHost[];
  resolve: HostResolver;
  /** `top-level` permits only http(s) and about:blank; sub-resources the same network schemes. */
  level: 'top-level' | 'sub-resource';
  /** With an egress proxy the proxy resolves names; a name we cannot resolve is then let through. */
  viaProxy?: boolean;
}

const NETWORK_SCHEMES = new Set(['http:', 'https:']);

/**
 * Decides whether the capture browser may fetch `rawUrl`. A host name is resolved and refused
 * when ANY of its addresses is forbidden (a name with one public and one loopback address is a
 * classic DNS-rebinding set-up).
 */
export async function checkUrl(rawUrl: string, options: CheckUrlOptions): Promise<PolicyDecision> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { allowed: false, reason: 'malformed_url', detail: 'not a valid absolute URL' };
  }
  if (options.level === 'top-level' && url.href === 'about:blank') {
    return { allowed: true, addresses: [], allowListed: false };
  }
  if (!NETWORK_SCHEMES.has(url.protocol)) {
    return {
      allowed: false,
      reason: 'scheme',
      detail: `scheme ${url.protocol} is not fetched during capture (only http: and https:)`,
    };
  }
  const host = hostOf(url);
  if (isAllowListed(url, options.allow)) {
    const addresses = isIP(host) ? [host] : await options.resolve(host).catch(() => []);
    return { allowed: true, addresses, allowListed: true };
  }
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await options.resolve(host);
    } catch (error) {
      if (options.viaProxy) return { allowed: true, addresses: [], allowListed: false };
      return {
        allowed: false,
        reason: 'unresolvable',
        detail: `host ${host} did not resolve: ${(error as Error).message}`,
      };
    }
    if (addresses.length === 0) {
      if (options.viaProxy) return { allowed: true, addresses: [], allowListed: false };
      return { allowed: false, reason: 'unresolvable', detail: `host ${host} has no address` };
    }
  }
  for (const address of addresses) {
    const cls = classifyAddress(address);
    if (cls !== 'public') {
      return {
        allowed: false,
        reason: cls,
        address,
        detail: `${isIP(host) ? host : `${host} resolves to ${address}, which`} is ${cls.replace('_', '-')}; allow-list the host to capture it`,
      };
    }
  }
  return { allowed: true, addresses, allowListed: false };
}
