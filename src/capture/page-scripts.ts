/**
 * @module Scripts the capture runs inside the page, in an isolated world (CDP
 * Page.createIsolatedWorld) so the page's own JavaScript cannot redefine the DOM functions they
 * call. Kept as plain JavaScript source: what runs in the browser is exactly what is written here.
 */
import type { SiteProfile } from './site-profile.js';

/** Page title and visible text (innerText). */
export const READ_PAGE_SCRIPT = `(() => ({
  title: document.title || '',
  text: document.body ? document.body.innerText : '',
}))()`;

/** Scroll geometry only (no text: cheap enough to ask after every scroll round). */
export const GEOMETRY_SCRIPT = `(() => ({
  scrollY: window.scrollY,
  innerHeight: window.innerHeight,
  scrollHeight: Math.max(document.documentElement ? document.documentElement.scrollHeight : 0,
                         document.body ? document.body.scrollHeight : 0),
}))()`;

/**
 * One round of the lazy-loading auto-scroll, run inside the page: scroll down one viewport at a
 * time (steps of exactly one viewport height, so every part of the page is on screen for at least
 * one rendered frame), waiting for the next animation frame after each step. The frame matters:
 * IntersectionObserver (behind native `loading=lazy` and most script loaders) computes
 * intersections in the rendering update that runs right after rAF callbacks, so once that update
 * is over, the elements at this position have been seen. Returns the geometry, the steps taken
 * and why the round ended: `bottom`, `height` (at `maxHeight`), `steps` (did `maxSteps`), `time`
 * (`maxMs` used up) or `stuck` (the window did not move: the page scrolls inside an element or
 * forbids scrolling).
 */
export const scrollRoundScript = (
  maxSteps: number,
  maxHeight: number,
  maxMs: number,
) => `(async (maxSteps, maxHeight, maxMs) => {
  const geometry = () => ({
    scrollY: window.scrollY,
    innerHeight: window.innerHeight,
    scrollHeight: Math.max(document.documentElement ? document.documentElement.scrollHeight : 0,
                           document.body ? document.body.scrollHeight : 0),
  });
  // rAF, then a task so the rendering update has finished; a timer bounds the wait in case no
  // frame is produced.
  const nextFrame = () => new Promise((resolve) => {
    let done = false;
    const finish = () => { if (!done) { done = true; resolve(); } };
    requestAnimationFrame(() => setTimeout(finish, 0));
    setTimeout(finish, 100);
  });
  const start = performance.now();
  let g = geometry();
  let steps = 0;
  for (;;) {
    if (g.scrollY + g.innerHeight >= g.scrollHeight - 2) return { ...g, steps, ended: 'bottom' };
    if (g.scrollY + g.innerHeight >= maxHeight) return { ...g, steps, ended: 'height' };
    if (steps >= maxSteps) return { ...g, steps, ended: 'steps' };
    if (performance.now() - start >= maxMs) return { ...g, steps, ended: 'time' };
    window.scrollBy(0, Math.max(200, g.innerHeight));
    steps++;
    await nextFrame();
    const next = geometry();
    if (next.scrollY === g.scrollY) return { ...next, steps, ended: 'stuck' };
    g = next;
  }
})(${maxSteps}, ${maxHeight}, ${maxMs})`;

/** Back to the top, after one frame so the top is what is rendered next. */
export const SCROLL_TOP_SCRIPT = `new Promise((resolve) => {
  window.scrollTo(0, 0);
  let done = false;
  const finish = () => { if (!done) { done = true; resolve(true); } };
  requestAnimationFrame(() => setTimeout(finish, 0));
  setTimeout(finish, 100);
})`;

/** Images, video, audio and posters in this frame, as absolute URLs. */
export const LIST_MEDIA_SCRIPT = `(() => {
  const out = [];
  const seen = new Set();
  const add = (kind, raw) => {
    if (!raw) return;
    let url;
    try { url = new URL(raw, document.baseURI).href; } catch (e) { return; }
    const key = kind + ' ' + url;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ kind, url });
  };
  for (const img of Array.from(document.images)) add('image', img.currentSrc || img.src);
  for (const s of Array.from(document.querySelectorAll('picture source[srcset]'))) {
    for (const part of s.getAttribute('srcset').split(',')) add('image', part.trim().split(/\\s+/)[0]);
  }
  for (const el of Array.from(document.querySelectorAll('video, audio'))) {
    const kind = el.tagName === 'VIDEO' ? 'video' : 'audio';
    add(kind, el.currentSrc || el.getAttribute('src'));
    for (const s of Array.from(el.querySelectorAll('source[src]'))) add(kind, s.getAttribute('src'));
    if (el.poster) add('poster', el.poster);
  }
  return out;
})()`;

/** Title, visible text and media of one frame, in one round trip. */
export const READ_FRAME_SCRIPT = `({ page: ${READ_PAGE_SCRIPT}, media: ${LIST_MEDIA_SCRIPT} })`;

/**
 * Runs a site profile against the page. Extractors: `css` (+`attr`), `meta` (OpenGraph/Twitter
 * `property`/`name`), `jsonld` (dotted path inside the first JSON-LD object, optionally of a type,
 * searching `@graph`), `microdata` (dotted itemprop path inside the first itemscope, optionally of
 * an itemtype).
 */
export function extractScript(profile: SiteProfile): string {
  return `((profile) => {
  const clean = (s) => (s == null ? '' : String(s)).replace(/\\s+/g, ' ').trim();
  const jsonld = [];
  for (const el of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      const doc = JSON.parse(el.textContent || '');
      const push = (o) => {
        if (Array.isArray(o)) { o.forEach(push); return; }
        if (o && typeof o === 'object') { jsonld.push(o); if (o['@graph']) push(o['@graph']); }
      };
      push(doc);
    } catch (e) { /* a broken JSON-LD block is ignored, as search engines do */ }
  }
  const typeMatches = (o, type) => {
    if (!type) return true;
    const t = o['@type'];
    return Array.isArray(t) ? t.includes(type) : t === type;
  };
  const walk = (value, path) => {
    let v = value;
    for (const key of path.split('.')) {
      if (Array.isArray(v)) v = /^\\d+$/.test(key) ? v[Number(key)] : v[0] && v[0][key];
      else v = v == null ? undefined : v[key];
    }
    return v;
  };
  const flat = (v) => {
    if (v == null) return [];
    if (Array.isArray(v)) return v.flatMap(flat);
    if (typeof v === 'object') return flat(v['@id'] !== undefined && v.url === undefined && v.name === undefined ? v['@id'] : (v.url ?? v.name ?? v['@value'] ?? v.contentUrl));
    return [clean(v)];
  };
  const microValue = (el) => {
    if (el.hasAttribute('content')) return el.getAttribute('content');
    if (el.tagName === 'META') return el.getAttribute('content');
    if (el.tagName === 'TIME') return el.getAttribute('datetime') || el.textContent;
    if (['A', 'LINK'].includes(el.tagName)) return el.href;
    if (['IMG', 'VIDEO', 'AUDIO', 'SOURCE'].includes(el.tagName)) return el.src;
    if (el.tagName === 'DATA' || el.tagName === 'METER') return el.getAttribute('value');
    return el.textContent;
  };
  const ownProps = (scope, name) => Array.from(scope.querySelectorAll('[itemprop]')).filter((el) =>
    el.getAttribute('itemprop').split(/\\s+/).includes(name) &&
    (el.parentElement ? el.parentElement.closest('[itemscope]') : null) === scope);
  const micro = (path, itemtype) => {
    const scopes = Array.from(document.querySelectorAll('[itemscope]')).filter((s) =>
      !itemtype || (s.getAttribute('itemtype') || '').split(/\\s+/).some((t) => t === itemtype || t.endsWith('/' + itemtype)));
    for (const scope of scopes) {
      let current = [scope];
      const keys = path.split('.');
      for (let i = 0; i < keys.length && current.length; i++) {
        const found = current.flatMap((s) => ownProps(s, keys[i]));
        current = found;
      }
      const values = current.map((el) => (el.hasAttribute('itemscope') ? clean(el.textContent) : clean(microValue(el)))).filter(Boolean);
      if (values.length) return values;
    }
    return [];
  };
  const run = (ex, root) => {
    if (ex.css !== undefined) {
      return Array.from((root || document).querySelectorAll(ex.css)).map((el) =>
        clean(ex.attr ? (ex.attr === 'href' || ex.attr === 'src' ? el[ex.attr] || el.getAttribute(ex.attr) : el.getAttribute(ex.attr)) : el.innerText || el.textContent)).filter(Boolean);
    }
    if (ex.meta !== undefined) {
      return Array.from(document.querySelectorAll('meta')).filter((m) =>
        m.getAttribute('property') === ex.meta || m.getAttribute('name') === ex.meta).map((m) => clean(m.getAttribute('content'))).filter(Boolean);
    }
    if (ex.jsonld !== undefined) {
      for (const o of jsonld) {
        if (!typeMatches(o, ex.type)) continue;
        const values = flat(walk(o, ex.jsonld)).filter(Boolean);
        if (values.length) return values;
      }
      return [];
    }
    if (ex.microdata !== undefined) return micro(ex.microdata, ex.itemtype);
    return [];
  };
  const label = (ex) => ex.css !== undefined ? 'css:' + ex.css + (ex.attr ? '@' + ex.attr : '')
    : ex.meta !== undefined ? 'meta:' + ex.meta
    : ex.jsonld !== undefined ? 'jsonld:' + (ex.type ? ex.type + '.' : '') + ex.jsonld
    : 'microdata:' + (ex.itemtype ? ex.itemtype + '.' : '') + ex.microdata;
  const sources = {};
  const first = (name, list) => {
    for (const ex of list || []) {
      const v = run(ex);
      if (v.length) { sources[name] = label(ex); return v[0]; }
    }
    return undefined;
  };
  const fields = {};
  for (const [name, list] of Object.entries(profile.fields || {})) {
    const v = first(name, list);
    if (v !== undefined) fields[name] = v;
  }
  const counts = {};
  for (const [name, list] of Object.entries(profile.counts || {})) {
    const v = first('counts.' + name, list);
    if (v === undefined) continue;
    const m = /([\\d.,]+)\\s*([kKmM])?/.exec(v);
    if (!m) continue;
    let n = Number(m[1].replace(/,/g, ''));
    if (m[2]) n = Math.round(n * (m[2].toLowerCase() === 'k' ? 1e3 : 1e6));
    if (Number.isFinite(n)) counts[name] = n;
  }
  const media = [];
  for (const ex of profile.media || []) {
    for (const v of run(ex)) {
      try { const u = new URL(v, document.baseURI).href; if (!media.includes(u)) media.push(u); } catch (e) { /* not a URL */ }
    }
  }
  const replies = [];
  if (profile.replies) {
    for (const el of Array.from(document.querySelectorAll(profile.replies.container)).slice(0, profile.replies.max)) {
      const reply = {};
      for (const [name, list] of Object.entries(profile.replies.fields)) {
        for (const ex of list) { const v = run(ex, el); if (v.length) { reply[name] = v[0]; break; } }
      }
      if (Object.keys(reply).length) replies.push(reply);
    }
  }
  let removed = false;
  if (profile.removed) {
    if (profile.removed.selector && document.querySelector(profile.removed.selector)) removed = true;
    if (profile.removed.text && document.body && document.body.innerText.includes(profile.removed.text)) removed = true;
  }
  return { profile: { id: profile.id, version: profile.version }, fields, counts, media, replies, removed, sources };
})(${JSON.stringify(profile)})`;
}
