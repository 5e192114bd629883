/** Queries over the `posts` collection: what is published in a locale, neighbours. */
import { type CollectionEntry, getCollection } from 'astro:content';
import type { Locale } from './i18n.ts';
import { readingMinutes } from './readingTime.ts';
import { termSlug } from './urls.ts';

export type Post = CollectionEntry<'posts'>;

/** `cnn-basic/ko` → `cnn-basic`. */
export function slugOf(post: Post): string {
  return post.id.split('/')[0] as string;
}

/** Drafts are listed while developing and left out of production builds. */
function isVisible(post: Post): boolean {
  return !post.data.draft || import.meta.env.DEV;
}

/** Newest first; ties broken by slug so the order never depends on the file system. */
export function byDateDesc(a: Post, b: Post): number {
  return b.data.date.getTime() - a.data.date.getTime() || slugOf(a).localeCompare(slugOf(b));
}

let published: Promise<Post[]> | undefined;

/**
 * Every visible post, newest first; callers must not change the list. Read once per build: Astro's getCollection makes
 * every entry anew on each call, and each post page asks (for its neighbours), so a build grew with the square of its
 * posts. In dev it is read afresh, so an edited post shows.
 */
export function allPosts(): Promise<Post[]> {
  const read = async () => (await getCollection('posts', isVisible)).sort(byDateDesc);
  if (import.meta.env.DEV) return read();
  published ??= read();
  return published;
}

/**
 * `posts` split for a page in `lang`: those in `lang`, and one version (the first in `posts`) of each post that has
 * none in `lang`, so a reader sees every post once.
 */
export function byLanguage(posts: readonly Post[], lang: Locale): { mine: Post[]; elsewhere: Post[] } {
  const mine = posts.filter((post) => post.data.lang === lang);
  const mySlugs = new Set(mine.map(slugOf));
  const seen = new Set<string>();
  const elsewhere = posts.filter((p) => !mySlugs.has(slugOf(p)) && !seen.has(slugOf(p)) && seen.add(slugOf(p)));
  return { mine, elsewhere };
}

export async function postsIn(lang: Locale): Promise<Post[]> {
  return (await allPosts()).filter((post) => post.data.lang === lang);
}

/** Posts of one locale next to `post` in date order: `previous` is older, `next` is newer. */
export async function neighbours(post: Post): Promise<{ previous?: Post; next?: Post }> {
  const list = await postsIn(post.data.lang);
  const index = list.findIndex((p) => p.id === post.id);
  return { next: index > 0 ? list[index - 1] : undefined, previous: index >= 0 ? list[index + 1] : undefined };
}

const minutesByBody = new Map<string, number>();
/** Reading minutes of a post, counted once per text: the fallback pages of other locales show the same original. */
export function readingTime(post: Post): number {
  const body = post.body ?? '';
  const minutes = minutesByBody.get(body) ?? readingMinutes(body);
  minutesByBody.set(body, minutes);
  return minutes;
}

/** A description for meta tags: the frontmatter's, else the subtitle, else the start of the text. */
export function summaryOf(post: Post): string {
  if (post.data.description) return post.data.description;
  if (post.data.subtitle) return post.data.subtitle;
  const text = (post.body ?? '')
    .replace(/[#*_`<>[\]()$]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** One tag (or category) page: its path segment, the name it is shown with, and the posts that carry it. */
export interface TermGroup {
  slug: string;
  name: string;
  posts: Post[];
}

/**
 * Tags (or categories) of a list of posts grouped by `termSlug`, so `DL` and `dl` are one page listing both posts,
 * sorted by name. The name shown is the spelling most posts use (ties: the first in sort order).
 */
export function termGroups(posts: readonly Post[], field: 'tags' | 'categories'): TermGroup[] {
  const groups = new Map<string, { spellings: Map<string, number>; posts: Post[] }>();
  for (const post of posts) {
    for (const term of new Set(post.data[field])) {
      const slug = termSlug(term);
      const group = groups.get(slug) ?? { spellings: new Map<string, number>(), posts: [] as Post[] };
      group.spellings.set(term, (group.spellings.get(term) ?? 0) + 1);
      if (!group.posts.includes(post)) group.posts.push(post);
      groups.set(slug, group);
    }
  }
  return [...groups]
    .map(([slug, group]) => {
      const [name] = [...group.spellings].sort(([a, m], [b, n]) => n - m || a.localeCompare(b))[0] as [string, number];
      return { slug, name, posts: group.posts };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
}
