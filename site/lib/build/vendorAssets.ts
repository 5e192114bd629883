/**
 * Third-party files the site serves from its own origin: KaTeX's stylesheet and fonts, and the @fontsource web fonts.
 * Only the woff2 files are served (every browser that runs this site reads woff2), and only a locale's own fonts are
 * linked from its pages, so a Korean page never downloads Japanese font faces.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { keepUsedFaces } from '../fontSubsets.ts';
import type { Locale } from '../i18n.ts';
import { siteCodePoints } from './siteText.ts';

const require = createRequire(import.meta.url);
const katexDir = path.dirname(require.resolve('katex/package.json'));
const katexVersion: string = require('katex/package.json').version;

/** Keeps only the woff2 source of each `src:` list in an @font-face rule. */
export function woff2Only(css: string): string {
  return css.replace(/,\s*url\([^)]*\)\s*format\((["'])(woff|truetype)\1\)/g, '');
}

// --- KaTeX -----------------------------------------------------------------------------------------------------
export const katexBase = `/vendor/katex-${katexVersion}/`;
export const katexStylesheetUrl = `${katexBase}katex.min.css`;

export function katexStylesheet(): string {
  return woff2Only(readFileSync(path.join(katexDir, 'dist/katex.min.css'), 'utf8'));
}

function katexFontNames(): string[] {
  return [...katexStylesheet().matchAll(/url\(fonts\/([^)]+\.woff2)\)/g)].map((m) => m[1] as string);
}

// --- Web fonts ---------------------------------------------------------------------------------------------------
/** Fontsource stylesheets per locale: Inter for Latin text, plus the locale's CJK face. */
const fontSheets: Record<Locale, string[]> = {
  ko: [
    '@fontsource/inter/latin-400.css',
    '@fontsource/inter/latin-700.css',
    '@fontsource/noto-sans-kr/400.css',
    '@fontsource/noto-sans-kr/700.css',
  ],
  en: [
    '@fontsource/inter/latin-400.css',
    '@fontsource/inter/latin-700.css',
    '@fontsource/inter/latin-ext-400.css',
    '@fontsource/inter/latin-ext-700.css',
  ],
  ja: [
    '@fontsource/inter/latin-400.css',
    '@fontsource/inter/latin-700.css',
    '@fontsource/noto-sans-jp/400.css',
    '@fontsource/noto-sans-jp/700.css',
  ],
};

export const fontFilesBase = '/vendor/fonts/files/';

export function fontStylesheetUrl(lang: Locale): string {
  return `/vendor/fonts/${lang}.css`;
}

/** A locale's font stylesheet, woff2 only, with only the faces whose unicode-range holds characters the site uses. */
export function fontStylesheet(lang: Locale, used: ReadonlySet<number> = siteCodePoints()): string {
  const css = fontSheets[lang]
    .map((sheet) => {
      const css = woff2Only(readFileSync(require.resolve(sheet), 'utf8'));
      return css.replace(/url\(\.\/files\/([^)]+)\)/g, (_, name: string) => `url(${fontFilesBase}${name})`);
    })
    .join('\n')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s*([{};:,])\s*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return keepUsedFaces(css, used).css;
}

/** Where a fontsource file lives on disk, from its name (names carry the family, e.g. noto-sans-kr-0-400-normal.woff2). */
function fontFileSource(name: string): string {
  const pkg = ['noto-sans-kr', 'noto-sans-jp', 'inter'].find((family) => name.startsWith(`${family}-`));
  if (!pkg) throw new Error(`No font package for ${name}`);
  return path.join(path.dirname(require.resolve(`@fontsource/${pkg}/package.json`)), 'files', name);
}

// --- The endpoint's table ---------------------------------------------------------------------------------------
export interface VendorAsset {
  /** Path under /vendor/, without the leading "/vendor/". */
  file: string;
  contentType: string;
  body: () => string | Buffer;
}

export function vendorAssets(): VendorAsset[] {
  const assets: VendorAsset[] = [
    { file: `katex-${katexVersion}/katex.min.css`, contentType: 'text/css', body: katexStylesheet },
    ...katexFontNames().map((name) => ({
      file: `katex-${katexVersion}/fonts/${name}`,
      contentType: 'font/woff2',
      body: () => readFileSync(path.join(katexDir, 'dist/fonts', name)),
    })),
  ];
  const fontNames = new Set<string>();
  const used = siteCodePoints();
  for (const lang of Object.keys(fontSheets) as Locale[]) {
    const css = fontStylesheet(lang, used);
    assets.push({ file: `fonts/${lang}.css`, contentType: 'text/css', body: () => css });
    for (const m of css.matchAll(/url\(\/vendor\/fonts\/files\/([^)]+)\)/g)) fontNames.add(m[1] as string);
  }
  for (const name of fontNames) {
    assets.push({ file: `fonts/files/${name}`, contentType: 'font/woff2', body: () => readFileSync(fontFileSource(name)) });
  }
  return assets;
}

/** The `getStaticPaths` of a /vendor/ route for one file extension (`css`, `woff2`): the extension lives in the route file's
 * name, which is what lets Astro serve it as a file (not a trailing-slash page) in dev and build alike. */
export function vendorPaths(extension: string) {
  const suffix = `.${extension}`;
  return vendorAssets()
    .filter((asset) => asset.file.endsWith(suffix))
    .map((asset) => ({ params: { file: asset.file.slice(0, -suffix.length) }, props: { asset } }));
}

export function vendorResponse(asset: VendorAsset): Response {
  const body = asset.body();
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), { headers: { 'Content-Type': asset.contentType } });
}
