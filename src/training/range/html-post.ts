/**
 * @module The post permalink page: server-rendered, with stable `data-field` attributes,
 * schema.org microdata and a JSON-LD SocialMediaPosting block so a capture site profile can
 * extract author, handle, post id, posted-at with its time zone, text, media, counts and replies.
 */
import type { Post } from './corpus-model.js';
import {
  dirFor,
  displayTime,
  escapeHtml,
  layout,
  renderText,
  scriptJson,
  splitForTruncation,
  withOrigin,
} from './html-layout.js';
import type { RangeState } from './range-state.js';

export interface RenderContext {
  state: RangeState;
  origin: string;
  timeZone: string;
  viewer: string | null;
}

function mediaHtml(ctx: RenderContext, post: Post): string {
  return post.media
    .map((id) => {
      const item = ctx.state.media.get(id);
      if (item === undefined) return '';
      const url = escapeHtml(item.url);
      const alt = escapeHtml(item.alt);
      if (item.kind === 'video') {
        return `<figure class="media" data-field="media" data-media-kind="video" data-media-url="${url}"><video controls preload="none" itemprop="video" src="${url}" aria-label="${alt}"></video></figure>`;
      }
      // Lazy-loaded like real platforms: the bundle swaps data-src in when the image nears view.
      return `<figure class="media" data-field="media" data-media-kind="image" data-media-url="${url}"><img class="lazy" data-src="${url}" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="${alt}" itemprop="image" width="640" height="400"><noscript><img src="${url}" alt="${alt}"></noscript></figure>`;
    })
    .join('');
}

/** One post as an <article>; `depth` 0 is the permalink's post, 1 a reply under it. */
export function postArticle(ctx: RenderContext, post: Post, depth: 0 | 1): string {
  const author = ctx.state.personasById.get(post.authorId);
  const handle = author?.handle ?? '';
  const shown = displayTime(post.createdAt, ctx.timeZone);
  const text = withOrigin(post.text, ctx.origin);
  const [head, rest] = splitForTruncation(text);
  const dir = dirFor(post.language);
  const replies = ctx.state.repliesOf.get(post.id)?.length ?? 0;
  const body =
    rest === ''
      ? renderText(head, ctx.origin, ctx.state.handles)
      : `${renderText(head, ctx.origin, ctx.state.handles)}<span class="ellipsis" aria-hidden="true">…</span><span class="more" hidden>${renderText(rest, ctx.origin, ctx.state.handles)}</span>`;
  const channel = post.channel === null ? undefined : ctx.state.channels.get(post.channel);
  const scope =
    depth === 0
      ? ' itemscope itemtype="https://schema.org/SocialMediaPosting"'
      : ' itemprop="comment" itemscope itemtype="https://schema.org/Comment"';
  return `<article class="post${depth === 1 ? ' reply' : ''}" id="post-${escapeHtml(post.id)}" data-post-id="${escapeHtml(post.id)}" data-author-handle="${escapeHtml(handle)}"${
    post.replyTo === null ? '' : ` data-reply-to="${escapeHtml(post.replyTo)}"`
  }${scope}>
<meta itemprop="identifier" content="${escapeHtml(post.id)}"><link itemprop="url" href="/p/${escapeHtml(post.id)}">
<header class="post-head">
<a class="author" href="/u/${escapeHtml(handle)}" data-field="author" itemprop="author" itemscope itemtype="https://schema.org/Person"><img class="avatar" src="/cdn/avatar/${escapeHtml(author?.id ?? '')}.svg" alt="" width="40" height="40" loading="lazy"><span class="name" data-field="author-name" itemprop="name" dir="auto">${escapeHtml(author?.displayName ?? '')}</span> <span class="handle" data-field="author-handle" itemprop="alternateName">@${escapeHtml(handle)}</span><link itemprop="url" href="/u/${escapeHtml(handle)}"></a>
${channel === undefined ? '' : `<a class="in-channel" href="/c/${escapeHtml(channel.name)}" data-field="channel" itemprop="isPartOf">${escapeHtml(channel.title)}</a>`}
<a class="permalink" href="/p/${escapeHtml(post.id)}" data-field="permalink"><time data-field="posted-at" itemprop="datePublished" datetime="${shown.iso}" data-timezone="${escapeHtml(shown.timeZone)}" data-utc-offset="${shown.offset}" title="${shown.iso}">${escapeHtml(shown.text)}</time></a>
${post.edits.length > 0 ? `<a class="edited" href="/p/${escapeHtml(post.id)}/history" data-field="edited" data-edit-count="${post.edits.length}">edited</a>` : ''}
</header>
<div class="text" data-field="text" itemprop="${depth === 0 ? 'articleBody' : 'text'}" lang="${post.language}" dir="${dir}">${body}</div>
${rest === '' ? '' : '<button type="button" class="show-more" data-action="show-more">Show more</button>'}
${mediaHtml(ctx, post)}
<footer class="counts">
<span data-field="likes" data-count="${post.reactions.like}">${post.reactions.like} likes</span>
<span data-field="loves" data-count="${post.reactions.love}">${post.reactions.love} loves</span>
<span data-field="replies-count" data-count="${replies}">${replies} replies</span>
<span data-field="shares" data-count="${post.shares}">${post.shares} shares</span>
<button type="button" data-action="like" data-target="${escapeHtml(post.id)}">Like</button>
<button type="button" data-action="share" data-target="${escapeHtml(post.id)}">Share</button>
<button type="button" data-action="reply" data-target="${escapeHtml(post.id)}">Reply</button>
</footer>
</article>`;
}

/** The JSON-LD a capture tool can read without parsing HTML (schema.org SocialMediaPosting). */
export function postJsonLd(ctx: RenderContext, post: Post, replies: readonly Post[]): unknown {
  const author = ctx.state.personasById.get(post.authorId);
  const person = (handle: string, name: string) => ({
    '@type': 'Person',
    name,
    alternateName: `@${handle}`,
    url: `${ctx.origin}/u/${handle}`,
  });
  const media = post.media.flatMap((id) => ctx.state.media.get(id) ?? []);
  const channel = post.channel === null ? undefined : ctx.state.channels.get(post.channel);
  return {
    '@context': 'https://schema.org',
    '@type': 'SocialMediaPosting',
    identifier: post.id,
    url: `${ctx.origin}/p/${post.id}`,
    datePublished: displayTime(post.createdAt, ctx.timeZone).iso,
    dateDisplayed: displayTime(post.createdAt, ctx.timeZone).text,
    ...(post.editedAt === null ? {} : { dateModified: new Date(post.editedAt).toISOString() }),
    inLanguage: post.language,
    articleBody: withOrigin(post.text, ctx.origin),
    author: person(author?.handle ?? '', author?.displayName ?? ''),
    ...(channel === undefined
      ? {}
      : {
          isPartOf: {
            '@type': 'WebPage',
            name: channel.title,
            url: `${ctx.origin}/c/${channel.name}`,
          },
        }),
    image: media.filter((m) => m.kind === 'image').map((m) => `${ctx.origin}${m.url}`),
    video: media.filter((m) => m.kind === 'video').map((m) => `${ctx.origin}${m.url}`),
    keywords: post.hashtags.map((t) => `#${t}`),
    commentCount: replies.length,
    interactionStatistic: [
      {
        '@type': 'InteractionCounter',
        interactionType: 'https://schema.org/LikeAction',
        userInteractionCount: post.reactions.like,
      },
      {
        '@type': 'InteractionCounter',
        interactionType: 'https://schema.org/ShareAction',
        userInteractionCount: post.shares,
      },
      {
        '@type': 'InteractionCounter',
        interactionType: 'https://schema.org/CommentAction',
        userInteractionCount: replies.length,
      },
    ],
    comment: replies.map((reply) => {
      const ra = ctx.state.personasById.get(reply.authorId);
      return {
        '@type': 'Comment',
        identifier: reply.id,
        url: `${ctx.origin}/p/${reply.id}`,
        datePublished: new Date(reply.createdAt).toISOString(),
        text: withOrigin(reply.text, ctx.origin),
        author: person(ra?.handle ?? '', ra?.displayName ?? ''),
      };
    }),
  };
}

export function postPage(ctx: RenderContext, post: Post): string {
  const replies = (ctx.state.repliesOf.get(post.id) ?? []).filter((r) => !ctx.state.isRemoved(r));
  const parent = post.replyTo === null ? undefined : ctx.state.posts.get(post.replyTo);
  const body = `${parent === undefined ? '' : `<p class="in-reply-to">Replying to <a href="/p/${escapeHtml(parent.id)}" data-field="in-reply-to">a post</a></p>`}
${postArticle(ctx, post, 0)}
<section class="replies" data-field="replies" aria-label="Replies">
<h2>Replies</h2>
${replies.map((r) => postArticle(ctx, r, 1)).join('\n')}
</section>`;
  const author = ctx.state.personasById.get(post.authorId);
  return layout({
    title: `Post by @${author?.handle ?? ''}`,
    body,
    viewer: ctx.viewer,
    head: `<script type="application/ld+json">${scriptJson(postJsonLd(ctx, post, replies))}</script>`,
  });
}

export function historyPage(ctx: RenderContext, post: Post): string {
  const versions = [...post.edits, { text: post.text, at: post.editedAt ?? post.createdAt }];
  const items = versions
    .map((version, index) => {
      const shown = displayTime(version.at, ctx.timeZone);
      return `<li class="version" data-field="version" data-version="${index + 1}"><time datetime="${shown.iso}" data-utc-offset="${shown.offset}">${escapeHtml(shown.text)}</time><div class="text" lang="${post.language}" dir="${dirFor(post.language)}">${renderText(withOrigin(version.text, ctx.origin), ctx.origin, ctx.state.handles)}</div></li>`;
    })
    .join('\n');
  return layout({
    title: 'Edit history',
    body: `<h1>Edit history</h1><p><a href="/p/${escapeHtml(post.id)}">Back to the post</a></p><ol class="history" data-field="history">${items}</ol>`,
    viewer: ctx.viewer,
  });
}

/** What a removed post's permalink shows (HTTP 410). */
export function removedPage(viewer: string | null): string {
  return layout({
    title: 'Post removed',
    body: '<div class="removed" data-removed="true" role="status"><h1>This post has been removed</h1><p>The post you are looking for is no longer available.</p></div>',
    viewer,
  });
}

export function loginWallPage(viewer: string | null, next: string): string {
  return layout({
    title: 'Log in to continue',
    body: `<div class="login-wall" data-login-required="true"><h1>Log in to see this content</h1><p>This content is visible to members only.</p><p><a href="/login?next=${encodeURIComponent(next)}">Log in</a></p></div>`,
    viewer,
  });
}
