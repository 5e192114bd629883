/** The whole built site: routes per locale, feeds, sitemap, redirects, and nothing loaded from another origin. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, inject, it } from 'vitest';
import { cssUrls, scanHtml } from '../../scripts/lib/links.ts';
import { readManifest } from '../../site/lib/build/demoFiles.ts';
import { codePointsOf, parseUnicodeRange } from '../../site/lib/fontSubsets.ts';
import { fontCodePoints } from '../helpers/fontGlyphs.ts';
import { elements, visibleText } from '../helpers/html.ts';

const distDir = inject('distDir');
const SITE_ORIGIN = 'https://receptive.example';

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(full)));
    else out.push(full);
  }
  return out;
}

const read = (rel: string) => readFile(path.join(distDir, rel), 'utf8');

/** A reference that makes the browser fetch from another origin (links a reader clicks are not fetches). */
function isForeign(url: string): boolean {
  if (/^(data|blob):/i.test(url)) return false;
  if (!/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url)) return false;
  try {
    return new URL(url, SITE_ORIGIN).origin !== SITE_ORIGIN;
  } catch {
    return true;
  }
}

describe('the built site', () => {
  it('has a home page, RSS feed and <html lang> for every locale', async () => {
    for (const lang of ['ko', 'en', 'ja']) {
      const home = await read(`${lang}/index.html`);
      expect(home).toMatch(new RegExp(`<html lang="${lang}">`));
      const rss = await read(`${lang}/rss.xml`);
      expect(rss).toContain(`<language>${lang}</language>`);
    }
    expect(await read('ko/index.html')).toContain('href="/ko/posts/cnn-basic/"');
    expect(await read('ko/rss.xml')).toContain('<link>https://receptive.example/ko/posts/cnn-basic/</link>');
  });

  it('has tag and category pages listing the post', async () => {
    expect(await read('ko/tags/dl/index.html')).toContain('href="/ko/posts/cnn-basic/"');
    expect(await read('ko/categories/study/index.html')).toContain('href="/ko/posts/cnn-basic/"');
  });

  it('has a models page per locale with every confusion matrix and mistake, where the post links instead', async () => {
    const manifest = readManifest();
    const sitemap = await read('sitemap-0.xml');
    for (const lang of ['ko', 'en', 'ja']) {
      const models = await read(`${lang}/models/index.html`);
      const post = await read(`${lang}/posts/cnn-basic/index.html`);
      expect(sitemap).toContain(`<loc>https://receptive.example/${lang}/models/</loc>`);
      // It starts with the posts where the networks run (components/…: site/lib/placesModels.ts), in its language.
      expect(models.slice(0, models.indexOf('class="about-models"'))).toContain(`href="/${lang}/posts/cnn-basic/"`);
      for (const [id, entry] of Object.entries(manifest.models)) {
        // The post names the network and links to its section of the models page, which holds its matrix.
        expect(post).toContain(`href="/${lang}/models/#about-${id}"`);
        expect(models).toContain(`id="about-${id}"`);
        const section = models.slice(models.indexOf(`id="about-${id}"`));
        const [table] = elements(section, 'table');
        const rows = elements(table?.inner ?? '', 'tr').slice(1);
        expect(rows.length, `${lang} ${id}: one row per class`).toBe(entry.confusion.length);
        rows.forEach((row, i) => {
          const counts = elements(row.inner, 'td')
            .slice(0, -1)
            .map((cell) => Number(visibleText(cell.inner).replace(/[^\d]/g, '')));
          expect(counts, `${lang} ${id}: row ${i}`).toEqual(entry.confusion[i]);
        });
      }
      expect(elements(models, 'table')).toHaveLength(Object.keys(manifest.models).length);
      expect(models.match(/class="model-mistakes"/g)).toHaveLength(Object.keys(manifest.models).length);
      // The post keeps each network's summary and curves, not its tables.
      expect(post.match(/class="model-curves"/g)).toHaveLength(Object.keys(manifest.models).length);
      expect(post).not.toContain('class="model-confusion"');
    }
  });

  it('sends / to the reader language (navigator.languages) or Korean: the shipped script, run', async () => {
    const root = await read('index.html');
    const [script] = elements(root, 'script');
    /** Where the page's own inline script sends a browser with these languages. */
    const destination = (navigator: { languages?: string[]; language?: string }) => {
      let target: string | undefined;
      runInNewContext(script?.inner ?? '', { navigator, location: { replace: (url: string) => (target = url) } });
      return target;
    };
    expect(destination({ languages: ['ja-JP', 'en-US'] })).toBe('/ja/');
    expect(destination({ languages: ['fr-FR', 'en-GB'] })).toBe('/en/');
    expect(destination({ languages: ['de'] })).toBe('/ko/');
    expect(destination({ languages: [] })).toBe('/ko/');
    expect(destination({ language: 'EN-us' })).toBe('/en/');
    expect(root).toMatch(/<meta http-equiv="refresh" content="\d+; url=\/ko\/">/);
    for (const lang of ['ko', 'en', 'ja']) expect(root).toContain(`href="/${lang}/"`);
  });

  it('has a 404 page in every language and a sitemap with hreflang alternates', async () => {
    const notFound = await read('404.html');
    for (const lang of ['ko', 'en', 'ja']) expect(notFound).toContain(`href="/${lang}/"`);
    const sitemap = await read('sitemap-0.xml');
    expect(sitemap).toContain('<loc>https://receptive.example/ko/posts/cnn-basic/</loc>');
    expect(sitemap).toContain('hreflang="ko"');
    expect(sitemap).not.toContain('/404');
  });

  it('ships no JavaScript on pages without a demo island, except the theme toggle', async () => {
    const offenders: string[] = [];
    for (const file of await files(distDir)) {
      if (!file.endsWith('.html') || path.relative(distDir, file) === 'index.html') continue;
      // The search pages load Pagefind by design (tests/e2e/search.test.ts checks no other page does).
      if (/^(ko|en|ja)\/search\/index\.html$/.test(path.relative(distDir, file))) continue;
      const html = await readFile(file, 'utf8');
      if (html.includes('<astro-island')) continue;
      const scripts = elements(html, 'script');
      if (scripts.length !== 1 || !scripts[0]?.inner.includes('data-theme-toggle') || /\bsrc=/.test(scripts[0].attrs)) {
        offenders.push(`${path.relative(distDir, file)}: ${scripts.length} scripts`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('loads no script, stylesheet, font or image from another origin', async () => {
    const foreign: string[] = [];
    for (const file of await files(distDir)) {
      const rel = path.relative(distDir, file);
      if (file.endsWith('.html')) {
        const html = await readFile(file, 'utf8');
        for (const ref of scanHtml(html).refs) {
          if (ref.source === 'a[href]' || ref.source === 'area[href]') continue;
          if (isForeign(ref.value)) foreign.push(`${rel}: ${ref.source} ${ref.value}`);
        }
        for (const m of html.matchAll(/\sstyle="([^"]*)"/g)) {
          for (const url of cssUrls(m[1] ?? '')) if (isForeign(url)) foreign.push(`${rel}: style attribute ${url}`);
        }
      } else if (file.endsWith('.css')) {
        for (const url of cssUrls(await readFile(file, 'utf8'))) if (isForeign(url)) foreign.push(`${rel}: css ${url}`);
      } else if (file.endsWith('.js') || file.endsWith('.mjs')) {
        const js = await readFile(file, 'utf8');
        for (const m of js.matchAll(/\bimport\s*\(?\s*["'](https?:\/\/[^"']+)["']/g)) foreign.push(`${rel}: js import ${m[1]}`);
      }
    }
    expect(foreign).toEqual([]);
  });

  it('serves each CJK face as one file per weight, whose glyphs cover every character its pages show', async () => {
    for (const [lang, family, script] of [
      ['ko', 'Noto Sans KR', /\p{Script=Hangul}/u],
      ['ja', 'Noto Sans JP', /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u],
    ] as const) {
      const sheet = /href="\/(vendor\/fonts\/[^"]+\.css)"/.exec(await read(`${lang}/posts/cnn-basic/index.html`))?.[1] as string;
      expect(await read(`${lang}/models/index.html`), `${lang}: the models page uses the same faces`).toContain(`href="/${sheet}"`);
      const css = await read(sheet);
      const pages = [`${lang}/posts/cnn-basic/index.html`, `${lang}/models/index.html`];
      const text = (await Promise.all(pages.map(read))).join(' ');
      const shown = [...codePointsOf(text.replace(/<[^>]+>/g, ' '))].filter((p) => script.test(String.fromCodePoint(p)));
      expect(shown.length, `${lang}: the post shows ${family} text`).toBeGreaterThan(100);
      for (const weight of [400, 700]) {
        const rules = [...css.matchAll(/@font-face\s*\{[^}]*\}/g)]
          .map((m) => m[0])
          .filter((rule) => rule.includes(`'${family}'`) && rule.includes(`font-weight:${weight};`));
        expect(rules.length, `${lang} ${weight}: one face`).toBe(1);
        const url = /url\(([^)]+)\)/.exec(rules[0] as string)?.[1] as string;
        const glyphs = await fontCodePoints(await readFile(path.join(distDir, url)));
        const ranges = parseUnicodeRange(/unicode-range:\s*([^;}]+)/.exec(rules[0] as string)?.[1] as string);
        const missing = shown.filter((p) => !glyphs.has(p) || !ranges.some(([from, to]) => from <= p && p <= to));
        expect(missing.map((p) => String.fromCodePoint(p)).join(''), `${lang} ${weight}: characters without a glyph`).toBe('');
      }
    }
  });

  it('serves only woff2 fonts, each referenced by a stylesheet', async () => {
    const fontFiles = (await files(path.join(distDir, 'vendor'))).filter((f) => /\.(woff2?|ttf|otf)$/.test(f));
    expect(fontFiles.length).toBeGreaterThan(0);
    expect(fontFiles.filter((f) => !f.endsWith('.woff2'))).toEqual([]);
    const katexCss = (await files(path.join(distDir, 'vendor'))).find((f) => f.endsWith('katex.min.css')) as string;
    expect(await readFile(katexCss, 'utf8')).not.toMatch(/\.(woff|ttf)\)/);
  });
});
