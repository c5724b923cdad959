/**
 * @module The range's JSON API (feeds, search, posts, profiles, channels, notifications), its
 * CDN and the interaction endpoint (refused and logged in passive mode, R17).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isNotFound } from '../../core/errors.js';
import type { Post } from './corpus-model.js';
import { formOrJson, json, send } from './http-respond.js';
import { avatarSvg, CONTENT_TYPES } from './media-render.js';
import { publicChannel, publicPersona, publicPost } from './public-view.js';
import type { RangeState } from './range-state.js';
import type { RouteContext } from './routes.js';
import type { Interaction } from './vocab.js';
import { INTERACTIONS } from './vocab.js';

export function notificationsFor(state: RangeState, loggedIn: boolean): Post[] {
  const channels = new Set(
    state.corpus.channels.filter((c) => c.kind === 'channel').map((c) => c.name),
  );
  return state.page(
    state.timeline.filter((p) => p.channel !== null && channels.has(p.channel)),
    loggedIn,
    null,
    20,
  ).items;
}

export function api(
  ctx: RouteContext,
  url: URL,
  parts: string[],
  loggedIn: boolean,
  res: ServerResponse,
  apiPage: (list: readonly Post[]) => void,
): void {
  const { state } = ctx;
  const [kind, a, b] = parts;
  if (kind === 'feed' && a === undefined) return apiPage(state.timeline);
  if (kind === 'search' && a === undefined) {
    const found = state.search(url.searchParams.get('q') ?? '');
    if (url.searchParams.get('cursor') === null)
      res.setHeader(
        'x-range-matches',
        `${found.personas.length} personas, ${found.channels.length} channels`,
      );
    return apiPage(found.posts);
  }
  if (kind === 'notifications') {
    if (!loggedIn)
      return json(res, 401, { error: 'login_required', message: 'Log in to see notifications.' });
    return json(res, 200, {
      posts: notificationsFor(state, loggedIn).map((p) =>
        publicPost(state, p, ctx.origin, ctx.timeZone),
      ),
    });
  }
  if (kind === 'u' && a !== undefined) {
    const persona = state.personasByHandle.get(a);
    if (persona === undefined) return json(res, 404, { error: 'not_found' });
    if (b === 'posts') return apiPage(state.postsOfPersona(persona));
    if (b === undefined) return json(res, 200, publicPersona(persona));
  }
  if (kind === 'c' && a !== undefined) {
    const channel = state.channels.get(a);
    if (channel === undefined) return json(res, 404, { error: 'not_found' });
    if (channel.private && !loggedIn)
      return json(res, 401, { error: 'login_required', message: 'Log in to see this group.' });
    if (b === 'posts') return apiPage(state.postsOfChannel(channel));
    if (b === undefined) return json(res, 200, publicChannel(channel));
  }
  if (kind === 'p' && a !== undefined && b === undefined) {
    const post = state.posts.get(a);
    const visibility = state.visibility(post, loggedIn);
    if (post === undefined || visibility === 'missing')
      return json(res, 404, { error: 'not_found' });
    if (visibility === 'removed')
      return json(res, 410, { error: 'removed', message: 'This post has been removed' });
    if (visibility === 'login_required')
      return json(res, 401, { error: 'login_required', message: 'Log in to see this post.' });
    state.noteView(post);
    const replies = (state.repliesOf.get(post.id) ?? []).filter((r) => !state.isRemoved(r));
    return json(res, 200, {
      post: publicPost(state, post, ctx.origin, ctx.timeZone),
      replies: replies.map((r) => publicPost(state, r, ctx.origin, ctx.timeZone)),
    });
  }
  return json(res, 404, { error: 'not_found' });
}

export async function cdn(
  ctx: RouteContext,
  kind: string | undefined,
  file: string | undefined,
  res: ServerResponse,
): Promise<void> {
  if (file === undefined) return json(res, 404, { error: 'not_found' });
  const dot = file.lastIndexOf('.');
  const id = file.slice(0, dot);
  const ext = file.slice(dot + 1);
  if (kind === 'avatar' && ext === 'svg') {
    const persona = ctx.state.personasById.get(id);
    if (persona === undefined) return json(res, 404, { error: 'not_found' });
    const initials = persona.handle.slice(0, 2).toUpperCase();
    return send(res, 200, CONTENT_TYPES.svg ?? 'image/svg+xml', avatarSvg(persona.id, initials), {
      'cache-control': 'public, max-age=86400',
    });
  }
  const item = kind === 'm' ? ctx.media.item(id) : undefined;
  if (item === undefined || item.kind === 'pdf' || !item.url.endsWith(`/${file}`))
    return json(res, 404, { error: 'not_found' });
  try {
    const bytes = await ctx.media.bytes(id);
    return send(res, 200, CONTENT_TYPES[ext] ?? 'application/octet-stream', bytes, {
      'cache-control': 'public, max-age=31536000, immutable',
    });
  } catch (error) {
    if (isNotFound(error)) return json(res, 404, { error: 'not_found' });
    throw error;
  }
}

export async function interact(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  viewer: string | null,
): Promise<void> {
  const body = await formOrJson(req);
  const action = body.action as Interaction | undefined;
  if (action === undefined || !(INTERACTIONS as readonly string[]).includes(action)) {
    return json(res, 400, {
      error: 'invalid_input',
      message: `action must be one of ${INTERACTIONS.join(', ')}`,
    });
  }
  const record = ctx.log.append({
    at: ctx.clock.now().toISOString(),
    action,
    target: (body.target ?? '').slice(0, 200),
    persona: viewer,
    mode: ctx.mode,
    outcome: ctx.mode === 'passive' ? 'refused' : 'allowed',
    override: ctx.supervisor,
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300),
    remoteAddress: req.socket.remoteAddress ?? '',
  });
  if (record.outcome === 'refused') {
    return json(res, 403, {
      error: 'refused',
      message:
        'Passive mode: investigators do not interact with accounts. This attempt was refused and recorded.',
    });
  }
  return json(res, 200, {
    ok: true,
    message: `Allowed under the override of ${ctx.supervisor ?? ''}; recorded.`,
  });
}
