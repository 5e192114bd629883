/** Queries over the `posts` collection: what is published in a locale, a post's other language versions, neighbours. */
import { type CollectionEntry, getCollection } from 'astro:content';
import { type Locale, locales } from './i18n.ts';
import { readingMinutes } from './readingTime.ts';

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

export async function allPosts(): Promise<Post[]> {
  return (await getCollection('posts', isVisible)).sort(byDateDesc);
}

export async function postsIn(lang: Locale): Promise<Post[]> {
  return (await allPosts()).filter((post) => post.data.lang === lang);
}

/** Every version of the post `slug`, in locale order. */
export async function versionsOf(slug: string): Promise<Post[]> {
  const all = await allPosts();
  return locales.flatMap((lang) => all.filter((post) => slugOf(post) === slug && post.data.lang === lang));
}

/** Posts of one locale next to `post` in date order: `previous` is older, `next` is newer. */
export async function neighbours(post: Post): Promise<{ previous?: Post; next?: Post }> {
  const list = await postsIn(post.data.lang);
  const index = list.findIndex((p) => p.id === post.id);
  return { next: index > 0 ? list[index - 1] : undefined, previous: index >= 0 ? list[index + 1] : undefined };
}

export function readingTime(post: Post): number {
  return readingMinutes(post.body ?? '');
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

/** Distinct tags (or categories) of a list of posts, sorted. */
export function termsOf(posts: readonly Post[], field: 'tags' | 'categories'): string[] {
  return [...new Set(posts.flatMap((post) => post.data[field]))].sort((a, b) => a.localeCompare(b));
}
