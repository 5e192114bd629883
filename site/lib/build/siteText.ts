/**
 * Every character the site's pages can show, for trimming web-font stylesheets: all posts in every language (a fallback
 * page shows another locale's original), the site's sources (UI strings of every locale, icons) and the models' labels.
 * Given a locale, only what its own pages show in their own language: its posts, its UI strings (site/i18n/<lang>.ts) and
 * the sources that are not another locale's strings; a fallback page links the original's stylesheet as well.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { codePointsOf } from '../fontSubsets.ts';
import { htmlLang, type Locale, locales } from '../i18n.ts';
import { postsDir } from './postsLoader.ts';
import { REPO_ROOT } from './repoRoot.ts';

/** Files under `dir` (recursively) whose names end with one of `extensions`. */
function filesUnder(dir: string, extensions: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && extensions.some((ext) => entry.name.endsWith(ext)))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

export interface SiteCodePoints {
  /** Everything any page can show. */
  site: Set<number>;
  /** What each locale's own pages show in their own language. */
  byLocale: Record<Locale, Set<number>>;
}

/** Both sets in one pass: every file is read once, whichever sets it counts for. */
export function siteCodePoints(): SiteCodePoints {
  // Printable ASCII always (a reader's search query or an error message may use any of it), and General Punctuation:
  // quotes and dashes, and the invisible operators KaTeX writes (U+200B, U+2061) that no source holds.
  const always = (from: number, count: number): string => String.fromCharCode(...Array.from({ length: count }, (_, i) => from + i));
  const common = always(32, 95) + always(0x2000, 0x70);
  const texts = { site: common + intlText(locales) } as Record<Locale | 'site', string>;
  for (const lang of locales) texts[lang] = common + intlText([lang]);
  const add = (text: string, to: readonly (Locale | 'site')[]) => {
    for (const key of to) texts[key] += text;
  };
  const stringsOf = new Map(locales.map((lang) => [path.join(REPO_ROOT, 'site', 'i18n', `${lang}.ts`), lang]));
  for (const file of filesUnder(postsDir(), ['.md', '.mdx'])) {
    const lang = locales.find((l) => path.basename(file).replace(/\.mdx?$/, '') === l);
    add(readFileSync(file, 'utf8'), lang ? ['site', lang] : ['site']);
  }
  // Components and islands hold characters of their own (icons such as ☀), besides site/i18n's strings.
  for (const file of filesUnder(path.join(REPO_ROOT, 'site'), ['.ts', '.tsx', '.astro', '.md', '.mdx'])) {
    const lang = stringsOf.get(file);
    add(readFileSync(file, 'utf8'), lang ? ['site', lang] : ['site', ...locales]);
  }
  add(readFileSync(path.join(REPO_ROOT, 'models-onnx', 'manifest.json'), 'utf8'), ['site', ...locales]);
  const byLocale = Object.fromEntries(locales.map((lang) => [lang, codePointsOf(texts[lang])])) as Record<Locale, Set<number>>;
  return { site: codePointsOf(texts.site), byLocale };
}

/** What Intl writes into pages, at build time or in a figure: every month's date and the compact number units (1億). */
function intlText(langs: readonly Locale[]): string {
  return langs
    .flatMap((lang) => [
      ...Array.from({ length: 12 }, (_, month) =>
        new Intl.DateTimeFormat(htmlLang[lang], { dateStyle: 'full', timeZone: 'UTC' }).format(Date.UTC(2026, month, 1)),
      ),
      ...[1e3, 1e4, 1e6, 1e8, 1e9, 1e12].map((n) => new Intl.NumberFormat(htmlLang[lang], { notation: 'compact' }).format(n)),
    ])
    .join('');
}
