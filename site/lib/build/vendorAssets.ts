/**
 * Third-party files the site serves from its own origin: KaTeX's stylesheet and fonts, the @fontsource Inter faces, and
 * the Korean and Japanese faces cut to the site's characters (cjkFonts.ts). Only woff2 files are served (every browser
 * that runs this site reads woff2), and only a locale's own fonts are linked from its pages, so a Korean page never
 * downloads Japanese font faces.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { keepUsedFaces } from '../fontSubsets.ts';
import { type Locale, locales } from '../i18n.ts';
import { type CjkFace, cjkFaceFile, cjkFaceRule, cjkFaces } from './cjkFonts.ts';
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
/** Fontsource stylesheets per locale, for Latin text; Korean and Japanese pages add their CJK faces (cjkFonts.ts). */
const fontSheets: Record<Locale, string[]> = {
  ko: ['@fontsource/inter/latin-400.css', '@fontsource/inter/latin-700.css'],
  en: [
    '@fontsource/inter/latin-400.css',
    '@fontsource/inter/latin-700.css',
    '@fontsource/inter/latin-ext-400.css',
    '@fontsource/inter/latin-ext-700.css',
  ],
  ja: ['@fontsource/inter/latin-400.css', '@fontsource/inter/latin-700.css'],
};

export const fontFilesBase = '/vendor/fonts/files/';

/** A locale's font stylesheet, named for its content (`/vendor/fonts/ko.<hash>.css`): it names the cut CJK files, which
 * change with the site's characters, so a copy a browser kept from an earlier build must not be taken for this one's. */
export function fontStylesheetUrl(lang: Locale): string {
  const prefix = `fonts/${lang}.`;
  const asset = vendorAssets().find((a) => a.file.startsWith(prefix) && a.file.endsWith('.css'));
  if (!asset) throw new Error(`No font stylesheet for ${lang}`);
  return `/vendor/${asset.file}`;
}

/** A locale's font stylesheet, woff2 only: Inter's faces whose unicode-range holds characters the site uses, then the
 * locale's CJK faces, cut to the characters of its own pages. */
export function fontStylesheet(lang: Locale, used: ReadonlySet<number>, faces: CjkFace[]): string {
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
  return keepUsedFaces(css, used).css + faces.map((face) => cjkFaceRule(face, fontFilesBase)).join('');
}

/** Where an Inter file lives on disk, from its name (e.g. inter-latin-400-normal.woff2). */
function fontFileSource(name: string): string {
  return path.join(path.dirname(require.resolve('@fontsource/inter/package.json')), 'files', name);
}

// --- The endpoint's table ---------------------------------------------------------------------------------------
export interface VendorAsset {
  /** Path under /vendor/, without the leading "/vendor/". */
  file: string;
  contentType: string;
  body: () => string | Buffer | Promise<Buffer>;
}

let builtAssets: VendorAsset[] | undefined;

/**
 * The files of /vendor/. A build asks once per route (css, woff2) and reads every post for the characters the fonts
 * must cover, so it computes them once; the dev server recomputes them, since posts change under it.
 */
export function vendorAssets(): VendorAsset[] {
  if (process.env.NODE_ENV !== 'production') return computeVendorAssets();
  builtAssets ??= computeVendorAssets();
  return builtAssets;
}

function computeVendorAssets(): VendorAsset[] {
  const assets: VendorAsset[] = [
    { file: `katex-${katexVersion}/katex.min.css`, contentType: 'text/css', body: katexStylesheet },
    ...katexFontNames().map((name) => ({
      file: `katex-${katexVersion}/fonts/${name}`,
      contentType: 'font/woff2',
      body: () => readFileSync(path.join(katexDir, 'dist/fonts', name)),
    })),
  ];
  const fontNames = new Set<string>();
  const points = siteCodePoints();
  for (const lang of locales) {
    const faces = cjkFaces(lang, points.byLocale[lang]);
    const css = fontStylesheet(lang, points.site, faces);
    const hash = createHash('sha256').update(css).digest('hex').slice(0, 10);
    assets.push({ file: `fonts/${lang}.${hash}.css`, contentType: 'text/css', body: () => css });
    for (const m of css.matchAll(/url\(\/vendor\/fonts\/files\/(inter-[^)]+)\)/g)) fontNames.add(m[1] as string);
    for (const face of faces) {
      assets.push({ file: `fonts/files/${face.file}`, contentType: 'font/woff2', body: () => cjkFaceFile(face) });
    }
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

export async function vendorResponse(asset: VendorAsset): Promise<Response> {
  const body = await asset.body();
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), { headers: { 'Content-Type': asset.contentType } });
}
