/**
 * @module The range's other pages: home feed and search (client-rendered from the JSON API),
 * profiles, follower lists, channel previews, notifications, login, and the off-platform sites
 * (paste site, file host, donation page).
 */
import type { Channel, DonationPage, HostedFile, Paste, Persona } from './corpus-model.js';
import { dirFor, displayTime, escapeHtml, layout, renderText, withOrigin } from './html-layout.js';
import type { RenderContext } from './html-post.js';
import { postArticle } from './html-post.js';
import type { Page } from './range-state.js';
import type { Post } from './corpus-model.js';

const feedMount = (endpoint: string, page: Page<Post> | null, ctx: RenderContext) =>
  `<section class="feed" data-feed-endpoint="${escapeHtml(endpoint)}" data-next-cursor="${escapeHtml(page?.nextCursor ?? (page === null ? '' : 'end'))}" aria-live="polite">${
    page === null ? '' : page.items.map((p) => postArticle(ctx, p, 0)).join('\n')
  }</section><div class="feed-status" role="status"></div>`;

export function homePage(ctx: RenderContext): string {
  return layout({
    title: 'Home',
    viewer: ctx.viewer,
    body: `<h1 class="visually-hidden">Home</h1>${feedMount('/api/feed', null, ctx)}`,
  });
}

export function searchPage(ctx: RenderContext, query: string): string {
  return layout({
    title: query === '' ? 'Search' : `Search: ${query}`,
    viewer: ctx.viewer,
    body: `<h1>Search</h1><form action="/search" method="get" role="search"><input name="q" type="search" value="${escapeHtml(query)}" dir="auto"><button>Search</button></form><div class="search-results" data-query="${escapeHtml(query)}"></div>${
      query === '' ? '' : feedMount(`/api/search?q=${encodeURIComponent(query)}`, null, ctx)
    }`,
  });
}

const personaCard = (p: Persona) =>
  `<li class="persona-card"><a href="/u/${escapeHtml(p.handle)}"><img class="avatar" src="/cdn/avatar/${escapeHtml(p.id)}.svg" alt="" width="32" height="32" loading="lazy"> <span dir="auto">${escapeHtml(p.displayName)}</span> <span class="handle">@${escapeHtml(p.handle)}</span></a></li>`;

export function profilePage(ctx: RenderContext, persona: Persona, first: Page<Post>): string {
  const joined = displayTime(persona.joinedAt, ctx.timeZone);
  return layout({
    title: `${persona.displayName} (@${persona.handle})`,
    viewer: ctx.viewer,
    body: `<section class="profile" data-profile-handle="${escapeHtml(persona.handle)}" itemscope itemtype="https://schema.org/ProfilePage">
<div itemprop="mainEntity" itemscope itemtype="https://schema.org/Person">
<img class="avatar large" src="/cdn/avatar/${escapeHtml(persona.id)}.svg" alt="" width="96" height="96" itemprop="image">
<h1 data-field="display-name" itemprop="name" dir="auto">${escapeHtml(persona.displayName)}</h1>
<p class="handle" data-field="handle" itemprop="alternateName">@${escapeHtml(persona.handle)}</p>
<p class="bio" data-field="bio" itemprop="description" lang="${persona.language}" dir="${dirFor(persona.language)}">${escapeHtml(persona.bio)}</p>
<p class="meta"><span data-field="location" itemprop="homeLocation" dir="auto">${escapeHtml(persona.location)}</span> · Joined <time data-field="joined" datetime="${joined.iso}">${escapeHtml(joined.text)}</time></p>
<p class="stats"><a href="/u/${escapeHtml(persona.handle)}/followers" data-field="followers" data-count="${persona.followers.length}">${persona.followers.length} followers</a> · <a href="/u/${escapeHtml(persona.handle)}/following" data-field="following" data-count="${persona.following.length}">${persona.following.length} following</a></p>
</div>
<button type="button" data-action="follow" data-target="${escapeHtml(persona.handle)}">Follow</button>
<button type="button" data-action="message" data-target="${escapeHtml(persona.handle)}">Message</button>
</section>
${feedMount(`/api/u/${encodeURIComponent(persona.handle)}/posts`, first, ctx)}`,
  });
}

export function connectionsPage(
  ctx: RenderContext,
  persona: Persona,
  kind: 'followers' | 'following',
  people: Persona[],
): string {
  return layout({
    title: `${kind === 'followers' ? 'Followers of' : 'Followed by'} @${persona.handle}`,
    viewer: ctx.viewer,
    body: `<h1>${kind === 'followers' ? 'Followers of' : 'Followed by'} <a href="/u/${escapeHtml(persona.handle)}">@${escapeHtml(persona.handle)}</a></h1><ul class="people" data-field="${kind}">${people.map(personaCard).join('')}</ul>`,
  });
}

export function channelPage(ctx: RenderContext, channel: Channel, first: Page<Post>): string {
  return layout({
    title: channel.title,
    viewer: ctx.viewer,
    lang: channel.language,
    body: `<section class="channel" data-channel-name="${escapeHtml(channel.name)}" data-channel-kind="${channel.kind}">
<h1 data-field="channel-title" dir="auto">${escapeHtml(channel.title)}</h1>
<p class="channel-handle" data-field="channel-name">/c/${escapeHtml(channel.name)}</p>
<p data-field="channel-description" dir="auto">${escapeHtml(channel.description)}</p>
<p><span data-field="subscribers" data-count="${channel.subscribers}">${channel.subscribers} ${channel.kind === 'channel' ? 'subscribers' : 'members'}</span></p>
<button type="button" data-action="join" data-target="${escapeHtml(channel.name)}">${channel.kind === 'channel' ? 'Subscribe' : 'Join group'}</button>
</section>
${feedMount(`/api/c/${encodeURIComponent(channel.name)}/posts`, first, ctx)}`,
  });
}

export function notificationsPage(ctx: RenderContext, items: Post[]): string {
  const list = items
    .map((post) => {
      const author = ctx.state.personasById.get(post.authorId);
      const shown = displayTime(post.createdAt, ctx.timeZone);
      return `<li class="notification"><a href="/p/${escapeHtml(post.id)}">@${escapeHtml(author?.handle ?? '')} posted${post.channel === null ? '' : ` in ${escapeHtml(post.channel)}`}</a> <time datetime="${shown.iso}">${escapeHtml(shown.text)}</time></li>`;
    })
    .join('');
  return layout({
    title: 'Notifications',
    viewer: ctx.viewer,
    body: `<h1>Notifications</h1><ul class="notifications">${list}</ul>`,
  });
}

export function loginPage(viewer: string | null, next: string, failed: boolean): string {
  return layout({
    title: 'Log in',
    viewer,
    body: `<h1>Log in</h1>${failed ? '<p class="error" role="alert">Wrong handle or password.</p>' : ''}<form method="post" action="/login" class="login"><input type="hidden" name="next" value="${escapeHtml(next)}"><label>Handle <input name="handle" autocomplete="username"></label><label>Password <input name="password" type="password" autocomplete="current-password"></label><button>Log in</button></form><p>Registered investigator personas only.</p>`,
  });
}

export function pastePage(ctx: RenderContext, paste: Paste): string {
  const shown = displayTime(paste.createdAt, ctx.timeZone);
  return layout({
    site: 'paste',
    title: paste.title,
    viewer: null,
    body: `<article class="paste" data-paste-id="${escapeHtml(paste.id)}"><h1 dir="auto">${escapeHtml(paste.title)}</h1><p>Posted by anonymous · <time datetime="${shown.iso}">${escapeHtml(shown.text)}</time> · <a href="/paste/${escapeHtml(paste.id)}/raw">raw</a></p><pre class="paste-body" data-field="paste-text" lang="${paste.language}" dir="${dirFor(paste.language)}">${renderText(withOrigin(paste.text, ctx.origin), ctx.origin, ctx.state.handles)}</pre></article>`,
  });
}

export function filePage(file: HostedFile, size: number | null): string {
  return layout({
    site: 'files',
    title: file.fileName,
    viewer: null,
    body: `<section class="file" data-file-id="${escapeHtml(file.id)}"><h1>${escapeHtml(file.fileName)}</h1><p>${escapeHtml(file.title)}</p>${size === null ? '' : `<p>${size} bytes · PDF</p>`}<p><a class="download" href="/files/${escapeHtml(file.id)}/${escapeHtml(file.fileName)}" download>Download</a></p></section>`,
  });
}

export function donationPage(page: DonationPage): string {
  const rows = page.wallets
    .map(
      (w) =>
        `<li data-wallet-kind="${w.kind}"><span class="coin">${w.kind.toUpperCase()}</span> <code data-field="wallet">${escapeHtml(w.address)}</code></li>`,
    )
    .join('');
  return layout({
    site: 'donate',
    title: page.title,
    viewer: null,
    body: `<section class="donate" data-donation="${escapeHtml(page.slug)}"><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.text)}</p><ul class="wallets">${rows}</ul></section>`,
  });
}

export function notFoundPage(viewer: string | null): string {
  return layout({
    title: 'Not found',
    viewer,
    body: '<h1>Page not found</h1><p>This page does not exist.</p>',
  });
}
