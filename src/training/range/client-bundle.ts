/**
 * @module The small vanilla JavaScript bundle and stylesheet the range serves: client-side
 * rendering of feeds from the JSON API with infinite scroll, lazy images, "show more", and the
 * interaction buttons (which the server refuses in passive mode, R17). Text is set with
 * textContent only, never innerHTML.
 */

export const APP_JS = `(() => {
  'use strict';
  const RTL = new Set(['ar', 'ur']);
  const lazy = 'IntersectionObserver' in window
    ? new IntersectionObserver((entries) => {
        for (const e of entries) {
          if (!e.isIntersecting) continue;
          const img = e.target;
          if (img.dataset.src) { img.src = img.dataset.src; delete img.dataset.src; }
          lazy.unobserve(img);
        }
      }, { rootMargin: '300px' })
    : null;
  const watchImages = (root) => {
    for (const img of root.querySelectorAll('img.lazy[data-src]')) {
      if (lazy) lazy.observe(img); else img.src = img.dataset.src;
    }
  };
  const el = (tag, props, children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'text') node.textContent = v;
      else if (k === 'dataset') Object.assign(node.dataset, v);
      else node.setAttribute(k, v);
    }
    for (const c of children || []) if (c) node.append(c);
    return node;
  };
  const card = (p) => {
    const text = el('div', { class: 'text', lang: p.lang, dir: RTL.has(p.lang) ? 'rtl' : 'auto', dataset: { field: 'text' } });
    if (p.text.length > 260) {
      text.append(document.createTextNode(p.text.slice(0, 220)));
      text.append(el('span', { class: 'ellipsis', text: '…' }));
      const more = el('span', { class: 'more', hidden: '' });
      more.textContent = p.text.slice(220);
      text.append(more);
    } else text.textContent = p.text;
    const media = p.media.map((m) => m.kind === 'video'
      ? el('figure', { class: 'media', dataset: { field: 'media', mediaKind: 'video', mediaUrl: m.url } }, [el('video', { controls: '', preload: 'none', src: m.url })])
      : el('figure', { class: 'media', dataset: { field: 'media', mediaKind: 'image', mediaUrl: m.url } }, [el('img', { class: 'lazy', alt: m.alt, width: '640', height: '400', dataset: { src: m.url } })]));
    return el('article', { class: 'post', dataset: { postId: p.id, authorHandle: p.author.handle } }, [
      el('header', { class: 'post-head' }, [
        el('a', { class: 'author', href: p.author.url, dataset: { field: 'author' } }, [
          el('img', { class: 'avatar', src: p.author.avatar, alt: '', width: '40', height: '40', loading: 'lazy' }),
          el('span', { class: 'name', dir: 'auto', text: p.author.displayName, dataset: { field: 'author-name' } }),
          el('span', { class: 'handle', text: ' @' + p.author.handle, dataset: { field: 'author-handle' } }),
        ]),
        p.channel ? el('a', { class: 'in-channel', href: p.channel.url, text: p.channel.title, dir: 'auto' }) : null,
        el('a', { class: 'permalink', href: p.url, dataset: { field: 'permalink' } }, [
          el('time', { datetime: p.postedAt, text: p.postedAtDisplay, dataset: { field: 'posted-at', utcOffset: p.utcOffset } }),
        ]),
        p.edited ? el('a', { class: 'edited', href: p.url + '/history', text: 'edited' }) : null,
      ]),
      text,
      p.text.length > 260 ? el('button', { type: 'button', class: 'show-more', text: 'Show more', dataset: { action: 'show-more' } }) : null,
      ...media,
      el('footer', { class: 'counts' }, [
        el('span', { text: p.counts.likes + ' likes', dataset: { field: 'likes', count: String(p.counts.likes) } }),
        el('a', { href: p.url, text: p.counts.replies + ' replies', dataset: { field: 'replies-count', count: String(p.counts.replies) } }),
        el('span', { text: p.counts.shares + ' shares', dataset: { field: 'shares', count: String(p.counts.shares) } }),
        el('button', { type: 'button', text: 'Like', dataset: { action: 'like', target: p.id } }),
        el('button', { type: 'button', text: 'Share', dataset: { action: 'share', target: p.id } }),
      ]),
    ]);
  };
  const status = (msg) => { const s = document.querySelector('.feed-status'); if (s) s.textContent = msg; };
  const feeds = () => {
    for (const feed of document.querySelectorAll('.feed[data-feed-endpoint]')) {
      let cursor = feed.dataset.nextCursor || '';
      let busy = false;
      const sentinel = el('div', { class: 'sentinel', 'aria-hidden': 'true' });
      feed.after(sentinel);
      const load = async () => {
        if (busy || cursor === 'end') return;
        busy = true;
        status('Loading…');
        const url = new URL(feed.dataset.feedEndpoint, location.origin);
        if (cursor) url.searchParams.set('cursor', cursor);
        try {
          const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
          if (!res.ok) { status(res.status === 401 ? 'Log in to see more.' : 'Could not load more.'); cursor = 'end'; return; }
          const data = await res.json();
          for (const p of data.posts) feed.append(card(p));
          watchImages(feed);
          cursor = data.nextCursor || 'end';
          feed.dataset.nextCursor = cursor;
          status(cursor === 'end' ? 'You are all caught up.' : '');
        } finally { busy = false; }
        if (cursor !== 'end' && sentinel.getBoundingClientRect().top < innerHeight + 400) void load();
      };
      if ('IntersectionObserver' in window) new IntersectionObserver((e) => { if (e.some((x) => x.isIntersecting)) void load(); }, { rootMargin: '400px' }).observe(sentinel);
      if (!cursor) void load();
    }
  };
  document.addEventListener('click', async (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-action]') : null;
    if (!button) return;
    const action = button.dataset.action;
    if (action === 'show-more') {
      const post = button.closest('article') || button.parentElement;
      for (const m of post.querySelectorAll('.more')) m.hidden = false;
      for (const m of post.querySelectorAll('.ellipsis')) m.remove();
      button.remove();
      return;
    }
    const res = await fetch('/api/interact', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action, target: button.dataset.target || '' }) });
    const data = await res.json().catch(() => ({}));
    const toast = el('div', { class: 'toast', role: 'alert', text: data.message || (res.ok ? 'Done.' : 'Refused.') });
    document.body.append(toast);
    setTimeout(() => toast.remove(), 4000);
  });
  watchImages(document);
  feeds();
})();
`;

export const APP_CSS = `*{box-sizing:border-box}body{margin:0;font-family:"DejaVu Sans","Noto Sans",system-ui,sans-serif;background:#f3f4f6;color:#111}
[lang=ar],[lang=ur]{font-family:"Noto Naskh Arabic","Noto Sans Arabic","DejaVu Sans",sans-serif}[lang=ur]{font-family:"Noto Nastaliq Urdu","Noto Naskh Arabic",sans-serif;line-height:2.1}
.synthetic-banner{background:#7a0000;color:#fff;font-size:12px;padding:4px 12px;text-align:center}
nav.top{display:flex;gap:16px;align-items:center;padding:8px 16px;background:#fff;border-bottom:1px solid #ddd}nav.top .brand{font-weight:bold;font-size:20px;color:#2563eb;text-decoration:none}
nav.top form{margin:0}main{max-width:680px;margin:16px auto;padding:0 8px}
.post{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px;margin:0 0 12px}.post.reply{margin-left:24px}
.post-head{display:flex;flex-wrap:wrap;gap:8px;align-items:center;font-size:14px}.post-head .author{display:flex;gap:6px;align-items:center;color:#111;text-decoration:none;font-weight:bold}
.handle,.permalink,.edited,.in-channel{color:#6b7280;font-weight:normal}.avatar{border-radius:50%}.avatar.large{width:96px;height:96px}
.text{white-space:pre-wrap;margin:8px 0;font-size:16px;line-height:1.5}.ext-link{color:#6b7280;text-decoration:underline dotted}
.media{margin:8px 0}.media img,.media video{max-width:100%;height:auto;border-radius:6px;background:#ddd}
.counts{display:flex;gap:12px;font-size:13px;color:#4b5563;align-items:center}.show-more{background:none;border:0;color:#2563eb;cursor:pointer;padding:0}
.removed,.login-wall{background:#fff;padding:24px;border-radius:8px;text-align:center}.toast{position:fixed;bottom:16px;left:50%;transform:translateX(-50%);background:#111;color:#fff;padding:8px 16px;border-radius:6px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
body.site-paste{background:#fdf6e3}body.site-files{background:#eef6ff}body.site-donate{background:#f0fdf4}pre.paste-body{background:#fff;padding:12px;white-space:pre-wrap}
`;
