/**
 * Which page each locale gets for each post, so no locale ever 404s on a post: its own version when one exists,
 * else the original shown with a notice (a fallback page); and whether an existing translation is stale.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Locale, locales } from '../i18n.ts';
import { allPosts, type Post, slugOf } from '../posts.ts';
import { translationState } from './translationStatus.ts';

/** `original`: the post as written; `translation`: a translation of it; `fallback`: the original served under another locale's URL. */
export type PostPageKind = 'original' | 'translation' | 'fallback';

export interface PostPage {
  /** The locale of the URL and of the UI. */
  lang: Locale;
  slug: string;
  /** The entry whose content the page renders. */
  post: Post;
  /** The post's original (the version without `translationOf`). */
  original: Post;
  kind: PostPageKind;
  /** A translation made from an earlier version of the original. */
  stale: boolean;
  /** Locales that have a version of their own (hreflang alternates point only at these). */
  available: Locale[];
}

/** The original among a post's versions: the one that is not a translation, else the one the others name. */
export function originalOf(versions: readonly Post[]): Post {
  const originals = versions.filter((v) => v.data.translationOf === undefined);
  const named = versions.find((v) => v.data.translationOf !== undefined)?.data.translationOf;
  const original = originals.find((v) => v.data.lang === named) ?? originals[0] ?? versions[0];
  if (!original) throw new Error('originalOf: a post without any version');
  return original;
}

/** The text a translation's `sourceHash` was computed from: the original's whole file. */
function sourceText(post: Post): string {
  if (!post.filePath) throw new Error(`${post.id}: the posts loader gave no file path, so its translations cannot be checked`);
  return readFileSync(path.resolve(process.cwd(), post.filePath), 'utf8');
}

/** Whether `post` is a translation whose recorded source hash no longer matches its original's file. */
export function isStale(post: Post, original: Post): boolean {
  if (post === original || post.data.sourceHash === undefined) return false;
  return translationState(post.data.sourceHash, sourceText(original)) === 'stale';
}

/** Every post page of the site: one per post and locale. */
export async function postPages(): Promise<PostPage[]> {
  const bySlug = new Map<string, Post[]>();
  for (const post of await allPosts()) bySlug.set(slugOf(post), [...(bySlug.get(slugOf(post)) ?? []), post]);
  const pages: PostPage[] = [];
  for (const [slug, versions] of bySlug) {
    const original = originalOf(versions);
    const available = locales.filter((lang) => versions.some((v) => v.data.lang === lang));
    for (const lang of locales) {
      const own = versions.find((v) => v.data.lang === lang);
      const post = own ?? original;
      const kind: PostPageKind = !own ? 'fallback' : own === original ? 'original' : 'translation';
      pages.push({ lang, slug, post, original, kind, stale: kind === 'translation' && isStale(post, original), available });
    }
  }
  return pages;
}
