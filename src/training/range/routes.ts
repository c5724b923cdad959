/**
 * @module The range's HTTP routes: platform pages, the JSON API, the CDN, interactions, and the
 * off-platform sites. Every response is built from RangeState through public-view.ts or the
 * HTML renderers, never from `truth`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../core/clock.js';
import type { Post } from './corpus-model.js';
import * as pages from './html-pages.js';
import type { RenderContext } from './html-post.js';
import { historyPage, loginWallPage, postPage, removedPage } from './html-post.js';
import { formOrJson, html, json, send } from './http-respond.js';
import type { MediaStore } from './media-render.js';
import { publicPost } from './public-view.js';
import type { RangeState } from './range-state.js';
import { api, cdn, interact, notificationsFor } from './routes-api.js';
import type { ViolationLog } from './violations.js';

export interface RouteContext {
  state: RangeState;
  media: MediaStore;
  log: ViolationLog;
  clock: Clock;
  mode: 'passive' | 'active';
  supervisor: string | null;
  timeZone: string;
  origin: string;
  sessions: Map<string, string>;
  newToken: () => string;
  assets: { js: string; css: string };
}

const SESSION_COOKIE = 'murmur_session';

function viewerOf(ctx: RouteContext, req: IncomingMessage): string | null {
  const cookie = req.headers.cookie ?? '';
  const match = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookie);
  return match?.[1] === undefined ? null : (ctx.sessions.get(match[1]) ?? null);
}

const safeNext = (next: string | null | undefined) =>
  next !== undefined && next !== null && /^\/(?!\/)/.test(next) ? next : '/';

/** Routes one request. */
export async function handleRequest(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.origin || 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  const viewer = viewerOf(ctx, req);
  const loggedIn = viewer !== null;
  const rc: RenderContext = {
    state: ctx.state,
    origin: ctx.origin,
    timeZone: ctx.timeZone,
    viewer,
  };
  const { state } = ctx;
  const parts = url.pathname
    .split('/')
    .filter((p) => p !== '')
    .map((p) => decodeURIComponent(p));
  const [head, a, b] = parts;
  const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 20) || 20, 1), 50);
  const cursor = url.searchParams.get('cursor');
  const apiPage = (list: readonly Post[]) => {
    const page = state.page(list, loggedIn, cursor, limit);
    json(res, 200, {
      posts: page.items.map((p) => publicPost(state, p, ctx.origin, ctx.timeZone)),
      nextCursor: page.nextCursor,
    });
  };

  if (method === 'POST') {
    if (url.pathname === '/login') {
      const form = await formOrJson(req);
      const account = state.corpus.investigators.find(
        (i) => i.handle === form.handle && i.password === form.password,
      );
      if (account === undefined)
        return html(res, 401, pages.loginPage(null, safeNext(form.next), true));
      const token = ctx.newToken();
      ctx.sessions.set(token, account.handle);
      res.writeHead(303, {
        location: safeNext(form.next),
        'set-cookie': `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax`,
      });
      return void res.end();
    }
    if (url.pathname === '/logout') {
      res.writeHead(303, { location: '/', 'set-cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0` });
      return void res.end();
    }
    if (url.pathname === '/api/interact') return interact(ctx, req, res, viewer);
    return json(res, 405, { error: 'method_not_allowed' });
  }
  if (method !== 'GET' && method !== 'HEAD') return json(res, 405, { error: 'method_not_allowed' });

  switch (head) {
    case undefined:
      return html(res, 200, pages.homePage(rc));
    case 'static':
      if (a === 'app.js')
        return send(res, 200, 'text/javascript; charset=utf-8', ctx.assets.js, {
          'cache-control': 'public, max-age=300',
        });
      if (a === 'app.css')
        return send(res, 200, 'text/css; charset=utf-8', ctx.assets.css, {
          'cache-control': 'public, max-age=300',
        });
      break;
    case 'p': {
      const post = a === undefined ? undefined : state.posts.get(a);
      const visibility = state.visibility(post, loggedIn);
      if (post === undefined || visibility === 'missing') break;
      if (visibility === 'removed') return html(res, 410, removedPage(viewer));
      if (visibility === 'login_required')
        return html(res, 401, loginWallPage(viewer, url.pathname));
      if (b === 'history') return html(res, 200, historyPage(rc, post));
      if (b !== undefined) break;
      state.noteView(post);
      return html(res, 200, postPage(rc, post));
    }
    case 'u': {
      const persona = a === undefined ? undefined : state.personasByHandle.get(a);
      if (persona === undefined) break;
      if (b === 'followers' || b === 'following') {
        const ids = b === 'followers' ? persona.followers : persona.following;
        const people = ids.flatMap((id) => state.personasById.get(id) ?? []);
        return html(res, 200, pages.connectionsPage(rc, persona, b, people));
      }
      if (b !== undefined) break;
      return html(
        res,
        200,
        pages.profilePage(
          rc,
          persona,
          state.page(state.postsOfPersona(persona), loggedIn, null, 20),
        ),
      );
    }
    case 'c': {
      const channel = a === undefined ? undefined : state.channels.get(a);
      if (channel === undefined || b !== undefined) break;
      if (channel.private && !loggedIn) return html(res, 401, loginWallPage(viewer, url.pathname));
      return html(
        res,
        200,
        pages.channelPage(
          rc,
          channel,
          state.page(state.postsOfChannel(channel), loggedIn, null, 20),
        ),
      );
    }
    case 'search':
      return html(res, 200, pages.searchPage(rc, url.searchParams.get('q') ?? ''));
    case 'notifications':
      if (!loggedIn) return html(res, 401, loginWallPage(viewer, url.pathname));
      return html(res, 200, pages.notificationsPage(rc, notificationsFor(state, loggedIn)));
    case 'login':
      return html(res, 200, pages.loginPage(viewer, safeNext(url.searchParams.get('next')), false));
    case 'api':
      return api(ctx, url, parts.slice(1), loggedIn, res, apiPage);
    case 'cdn':
      return cdn(ctx, a, b, res);
    case 's': {
      const link = state.corpus.shortlinks.find((l) => l.code === a);
      if (link === undefined) break;
      res.writeHead(302, { location: link.target, 'cache-control': 'no-store' });
      return void res.end();
    }
    case 'paste': {
      const paste = state.corpus.pastes.find((p) => p.id === a);
      if (paste === undefined) break;
      if (b === 'raw')
        return send(
          res,
          200,
          'text/plain; charset=utf-8',
          paste.text.replaceAll('{{origin}}', ctx.origin),
        );
      return html(res, 200, pages.pastePage(rc, paste));
    }
    case 'files': {
      const file = state.corpus.files.find((f) => f.id === a);
      if (file === undefined) break;
      if (b === undefined) return html(res, 200, pages.filePage(file, null));
      if (b !== file.fileName) break;
      const bytes = await ctx.media.bytes(file.mediaId);
      return send(res, 200, 'application/pdf', bytes, {
        'content-disposition': `attachment; filename="${file.fileName}"`,
      });
    }
    case 'donate': {
      const page = state.corpus.donations.find((d) => d.slug === a);
      if (page === undefined) break;
      return html(res, 200, pages.donationPage(page));
    }
    default:
      break;
  }
  return html(res, 404, pages.notFoundPage(viewer));
}
