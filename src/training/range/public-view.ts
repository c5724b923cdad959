/**
 * @module What the browser may see of a post, persona or channel. This is the ONLY place the
 * server turns corpus records into API JSON; `truth` members never pass through it.
 */
import type { Channel, Persona, Post } from './corpus-model.js';
import { displayTime, withOrigin } from './html-layout.js';
import type { RangeState } from './range-state.js';

export interface PublicMedia {
  url: string;
  kind: string;
  alt: string;
}

export interface PublicPost {
  id: string;
  url: string;
  author: { handle: string; displayName: string; avatar: string; url: string };
  channel: { name: string; title: string; url: string } | null;
  replyTo: string | null;
  text: string;
  lang: string;
  postedAt: string;
  postedAtDisplay: string;
  utcOffset: string;
  hashtags: string[];
  mentions: string[];
  media: PublicMedia[];
  counts: { likes: number; loves: number; angry: number; replies: number; shares: number };
  edited: boolean;
}

export function publicPost(
  state: RangeState,
  post: Post,
  origin: string,
  timeZone: string,
): PublicPost {
  const author = state.personasById.get(post.authorId);
  const channel = post.channel === null ? undefined : state.channels.get(post.channel);
  const shown = displayTime(post.createdAt, timeZone);
  return {
    id: post.id,
    url: `/p/${post.id}`,
    author: {
      handle: author?.handle ?? '',
      displayName: author?.displayName ?? '',
      avatar: `/cdn/avatar/${author?.id ?? 'unknown'}.svg`,
      url: `/u/${author?.handle ?? ''}`,
    },
    channel:
      channel === undefined
        ? null
        : { name: channel.name, title: channel.title, url: `/c/${channel.name}` },
    replyTo: post.replyTo,
    text: withOrigin(post.text, origin),
    lang: post.language,
    postedAt: shown.iso,
    postedAtDisplay: shown.text,
    utcOffset: shown.offset,
    hashtags: [...post.hashtags],
    mentions: [...post.mentions],
    media: post.media.flatMap((id) => {
      const item = state.media.get(id);
      return item === undefined ? [] : [{ url: item.url, kind: item.kind, alt: item.alt }];
    }),
    counts: {
      likes: post.reactions.like,
      loves: post.reactions.love,
      angry: post.reactions.angry,
      replies: state.repliesOf.get(post.id)?.length ?? 0,
      shares: post.shares,
    },
    edited: post.edits.length > 0,
  };
}

export const publicPersona = (persona: Persona) => ({
  handle: persona.handle,
  displayName: persona.displayName,
  bio: persona.bio,
  location: persona.location,
  joinedAt: persona.joinedAt,
  avatar: `/cdn/avatar/${persona.id}.svg`,
  url: `/u/${persona.handle}`,
  followers: persona.followers.length,
  following: persona.following.length,
});

export const publicChannel = (channel: Channel) => ({
  name: channel.name,
  title: channel.title,
  description: channel.description,
  kind: channel.kind,
  private: channel.private,
  subscribers: channel.subscribers,
  url: `/c/${channel.name}`,
});
