/**
 * @module A parser for the plain web addresses that make up almost every URL in posts
 * (`https://example.org/track/12345`, `t.me/channel`, `www.site.com/a?b=c`), giving exactly the
 * `hostname`, `pathname` and `href` the WHATWG URL parser (`new URL`) gives for them, at a
 * fraction of its cost. Anything outside that plain subset — another scheme, credentials, a port,
 * an IP or punycode host, percent-encoded dots, characters the URL standard would percent-encode,
 * backslashes — is declined (`undefined`) so the caller falls back to `new URL`, which stays the
 * reference: the subset is chosen so no rule of the standard applies to it except lower-casing
 * the scheme and host and adding an empty path `/` (WHATWG URL §4.4, "basic URL parser").
 */

/** The parts of a URL that entity classification reads. */
export interface UrlParts {
  readonly hostname: string;
  readonly pathname: string;
  readonly href: string;
}

// Per ASCII unit: HOST for `[A-Za-z0-9_-]`, REST for units copied verbatim after the host.
const HOST = 1;
const REST = 2;
const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = HOST | REST;
for (let c = 65; c <= 90; c++) CLASS[c] = HOST | REST;
for (let c = 97; c <= 122; c++) CLASS[c] = HOST | REST;
CLASS[0x2d] = HOST | REST; // -
CLASS[0x5f] = HOST | REST; // _
// WHATWG URL §1.3: none of these is in the path, query (special) or fragment percent-encode sets,
// so the serializer copies them unchanged. `'` (special query set), `"`, `<`, `>`, backtick,
// `{`, `}`, `^`, `|`, `\`, `[`, `]` and every control or non-ASCII unit are left to `new URL`.
for (const c of '.~!$&()*+,;=:@/%?#') CLASS[c.charCodeAt(0)] = CLASS[c.charCodeAt(0)]! | REST;

const SLASH = 0x2f;
const DOT = 0x2e;
const QUESTION = 0x3f;
const HASH = 0x23;

/** Whether `s` starts with lower-case ASCII `prefix`, ignoring ASCII case. */
function startsWithCi(s: string, prefix: string): boolean {
  if (s.length < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) {
    const c = s.charCodeAt(k);
    const p = prefix.charCodeAt(k);
    if (c !== p && (c | 0x20) !== p) return false;
  }
  return true;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The last label would make the WHATWG host parser read the host as IPv4 ("ends in a number":
 * all decimal digits, or `0x` followed by hex digits), or a label is punycode (`xn--`), which the
 * parser validates: both are left to `new URL`.
 */
function needsFullHostParser(host: string): boolean {
  let labelStart = 0;
  for (let i = 0; i <= host.length; i++) {
    if (i < host.length && host.charCodeAt(i) !== DOT) continue;
    if (startsWithCi(host.slice(labelStart, labelStart + 4), 'xn--')) return true;
    labelStart = i + 1;
  }
  const last = host.slice(host.lastIndexOf('.') + 1);
  let digits = true;
  for (let k = 0; k < last.length; k++) if (!isDigit(last.charCodeAt(k))) digits = false;
  return digits || startsWithCi(last, '0x');
}

/**
 * Parse `value` as `classifyUrl` reads it (`https://` is assumed without a scheme) when it lies in
 * the plain subset, or return `undefined` to ask for `new URL`.
 *
 * @example
 * parseSimpleUrl('T.me/Channel')?.href; // 'https://t.me/Channel'
 */
export function parseSimpleUrl(value: string): UrlParts | undefined {
  let scheme: string;
  let p: number;
  if (startsWithCi(value, 'https://')) {
    scheme = 'https://';
    p = 8;
  } else if (startsWithCi(value, 'http://')) {
    scheme = 'http://';
    p = 7;
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  else {
    scheme = 'https://';
    p = 0;
  }
  const len = value.length;
  const hostStart = p;
  let upper = false;
  let prev = DOT; // an empty label (leading, doubled or trailing dot) is left to `new URL`
  for (; p < len; p++) {
    const c = value.charCodeAt(p);
    if (c === SLASH || c === QUESTION || c === HASH) break;
    if (c === DOT) {
      if (prev === DOT) return undefined;
    } else if (c >= 128 || (CLASS[c]! & HOST) === 0) return undefined;
    else if (c >= 65 && c <= 90) upper = true;
    prev = c;
  }
  if (prev === DOT) return undefined;
  const rawHost = value.slice(hostStart, p);
  const hostname = upper ? rawHost.toLowerCase() : rawHost;
  if (needsFullHostParser(hostname)) return undefined;
  // The rest is copied verbatim, except dot segments ("." "..", also spelled "%2e"), which the
  // path parser would resolve: decline those.
  let inPath = true;
  let pathEnd = len;
  for (let k = p; k < len; k++) {
    const c = value.charCodeAt(k);
    if (c >= 128 || (CLASS[c]! & REST) === 0) return undefined;
    if (!inPath) continue;
    if (c === QUESTION || c === HASH) {
      inPath = false;
      pathEnd = k;
    } else if (c === DOT && value.charCodeAt(k - 1) === SLASH) {
      const n = value.charCodeAt(k + 1);
      if (n === SLASH || n === QUESTION || n === HASH || k + 1 === len || n === DOT)
        return undefined;
    } else if (
      c === 0x25 &&
      value.charCodeAt(k + 1) === 0x32 &&
      (value.charCodeAt(k + 2) | 0x20) === 0x65
    )
      return undefined;
  }
  const rest = value.slice(p);
  const pathname = pathEnd > p ? value.slice(p, pathEnd) : '/';
  const href =
    p === len || value.charCodeAt(p) !== SLASH
      ? `${scheme}${hostname}/${rest}`
      : `${scheme}${hostname}${rest}`;
  return { hostname, pathname, href };
}
