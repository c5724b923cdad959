/**
 * @module The live state of a running range over its immutable corpus: indexes, deletions
 * (scheduled relative to server start, triggered by a first view, or by a trainer), visibility
 * rules for logged-out visitors, and cursor pagination.
 */
import type { Clock } from '../../core/clock.js';
import type { Channel, Corpus, MediaItem, Persona, Post } from './corpus-model.js';

/** Why a post cannot be shown. */
export type Visibility = 'visible' | 'removed' | 'login_required' | 'missing';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export class RangeState {
  readonly corpus: Corpus;
  readonly startedAt: number;
  readonly posts = new Map<string, Post>();
  readonly personasById = new Map<string, Persona>();
  readonly personasByHandle = new Map<string, Persona>();
  readonly channels = new Map<string, Channel>();
  readonly media = new Map<string, MediaItem>();
  readonly handles: ReadonlySet<string>;
  readonly repliesOf = new Map<string, Post[]>();
  /** Top-level posts, newest first. */
  readonly timeline: Post[];
  readonly #clock: Clock;
  readonly #firstViews = new Map<string, number>();
  readonly #removed = new Set<string>();

  constructor(corpus: Corpus, clock: Clock) {
    this.corpus = corpus;
    this.#clock = clock;
    this.startedAt = clock.now().getTime();
    for (const p of corpus.personas) {
      this.personasById.set(p.id, p);
      this.personasByHandle.set(p.handle, p);
    }
    this.handles = new Set(this.personasByHandle.keys());
    for (const c of corpus.channels) this.channels.set(c.name, c);
    for (const m of corpus.media) this.media.set(m.id, m);
    for (const post of corpus.posts) {
      this.posts.set(post.id, post);
      if (post.replyTo !== null) {
        const list = this.repliesOf.get(post.replyTo) ?? [];
        list.push(post);
        this.repliesOf.set(post.replyTo, list);
      }
    }
    this.timeline = corpus.posts.filter((p) => p.replyTo === null).sort(newestFirst);
  }

  now(): number {
    return this.#clock.now().getTime();
  }

  /** A trainer's trigger: remove a post now. */
  remove(postId: string): boolean {
    if (!this.posts.has(postId)) return false;
    this.#removed.add(postId);
    return true;
  }

  /** Records a permalink view; starts the countdown of an after-first-view deletion. */
  noteView(post: Post): void {
    if (!this.#firstViews.has(post.id)) this.#firstViews.set(post.id, this.now());
  }

  isRemoved(post: Post): boolean {
    if (this.#removed.has(post.id)) return true;
    const parent = post.replyTo === null ? undefined : this.posts.get(post.replyTo);
    if (parent !== undefined && this.isRemoved(parent)) return true;
    const deletion = post.deletion;
    if (deletion === null) return false;
    if (deletion.kind === 'scheduled') return this.now() >= this.startedAt + deletion.afterMs;
    const first = this.#firstViews.get(post.id);
    return first !== undefined && this.now() >= first + deletion.afterMs;
  }

  visibility(post: Post | undefined, loggedIn: boolean): Visibility {
    if (post === undefined) return 'missing';
    if (this.isRemoved(post)) return 'removed';
    if (post.loginRequired && !loggedIn) return 'login_required';
    return 'visible';
  }

  /** Cursor pagination over `list` (newest first), hiding what the visitor may not see. */
  page(list: readonly Post[], loggedIn: boolean, cursor: string | null, limit: number): Page<Post> {
    const after = cursor === null ? null : decodeCursor(cursor);
    const visible = list.filter((p) => this.visibility(p, loggedIn) === 'visible');
    let start = 0;
    if (after !== null) {
      start = visible.findIndex(
        (p) => newestFirst(p, { createdAt: after.createdAt, id: after.id }) > 0,
      );
      if (start < 0) start = visible.length;
    }
    const items = visible.slice(start, start + limit);
    const last = items[items.length - 1];
    const more = start + limit < visible.length;
    return { items, nextCursor: more && last !== undefined ? encodeCursor(last) : null };
  }

  postsOfPersona(persona: Persona): Post[] {
    return this.timeline.filter((p) => p.authorId === persona.id && p.channel === null);
  }

  postsOfChannel(channel: Channel): Post[] {
    return this.timeline.filter((p) => p.channel === channel.name);
  }

  /** Case-insensitive substring search over post text, handles and channel titles. */
  search(query: string): { posts: Post[]; personas: Persona[]; channels: Channel[] } {
    const q = query.trim().toLocaleLowerCase();
    if (q === '') return { posts: [], personas: [], channels: [] };
    return {
      posts: this.timeline.filter((p) => p.text.toLocaleLowerCase().includes(q)),
      personas: this.corpus.personas.filter(
        (p) =>
          p.handle.toLowerCase().includes(q.replace(/^@/, '')) ||
          p.displayName.toLocaleLowerCase().includes(q),
      ),
      channels: this.corpus.channels.filter(
        (c) => c.name.includes(q) || c.title.toLocaleLowerCase().includes(q),
      ),
    };
  }
}

function newestFirst(
  a: { createdAt: string; id: string },
  b: { createdAt: string; id: string },
): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export const encodeCursor = (post: { createdAt: string; id: string }): string =>
  Buffer.from(`${post.createdAt}|${post.id}`).toString('base64url');

export function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return createdAt === undefined || id === undefined ? null : { createdAt, id };
}
