/** Every URL of the site is built here, so routes, links, feeds and hreflang never disagree. */
import { defaultLocale, htmlLang, type Locale, locales } from './i18n.ts';

/**
 * Tag and category names become one path segment, so names that differ only in case, spacing or punctuation share a
 * page (`DL` and `dl`): NFC, lower-cased; letters (any script), digits, `_`, `.` and `+` kept; every other run of
 * characters (spaces, `/`, `%`, `?`, `#`, `,` …) becomes one `-`; dashes and dots at the ends dropped. A name with
 * nothing left (`..`, `#`) has no safe path: the result is `''` and the schema rejects it.
 * @example termSlug('Deep Learning') === 'deep-learning'; termSlug('a/b') === 'a-b'; termSlug('..') === ''
 */
export function termSlug(term: string): string {
  return term
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_.+]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

export function homeUrl(lang: Locale): string {
  return `/${lang}/`;
}

export function postUrl(lang: Locale, slug: string): string {
  return `/${lang}/posts/${slug}/`;
}

export function tagUrl(lang: Locale, tag: string): string {
  return `/${lang}/tags/${encodeURIComponent(termSlug(tag))}/`;
}

export function categoryUrl(lang: Locale, category: string): string {
  return `/${lang}/categories/${encodeURIComponent(termSlug(category))}/`;
}

/** The models page of a locale: each shipped network's curves, confusion matrix and mistakes, which posts link to. */
export function modelsUrl(lang: Locale): string {
  return `/${lang}/models/`;
}

/** The search page of a locale; it searches that language's Pagefind index. */
export function searchUrl(lang: Locale): string {
  return `/${lang}/search/`;
}

export function rssUrl(lang: Locale): string {
  return `/${lang}/rss.xml`;
}

/** The locale a site path belongs to, if it starts with a locale prefix. */
export function localeOfPath(path: string): Locale | undefined {
  const first = path.split('/')[1];
  return (locales as readonly string[]).includes(first ?? '') ? (first as Locale) : undefined;
}

/** The same page in another locale: swaps the locale prefix (or adds one to an unprefixed path). */
export function localizedPath(path: string, lang: Locale): string {
  const current = localeOfPath(path);
  if (current) return `/${lang}${path.slice(current.length + 1)}`;
  return `/${lang}${path.startsWith('/') ? path : `/${path}`}`;
}

/** An absolute URL on the site's origin. */
export function absoluteUrl(path: string, site: URL | string): string {
  return new URL(path, site).href;
}

export interface Alternate {
  hreflang: string;
  href: string;
}

/**
 * hreflang alternates for a page that exists in `available` locales (only those: a missing translation gets no link),
 * plus `x-default` pointing at the default locale's version, or the first existing one.
 */
export function alternates(available: readonly Locale[], pathFor: (lang: Locale) => string, site: URL | string): Alternate[] {
  const ordered = locales.filter((lang) => available.includes(lang));
  if (ordered.length === 0) return [];
  const links = ordered.map((lang) => ({ hreflang: htmlLang[lang], href: absoluteUrl(pathFor(lang), site) }));
  const fallback = ordered.includes(defaultLocale) ? defaultLocale : (ordered[0] as Locale);
  links.push({ hreflang: 'x-default', href: absoluteUrl(pathFor(fallback), site) });
  return links;
}
