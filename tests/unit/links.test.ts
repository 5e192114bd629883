import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLinks, cssUrls, formatReport, resolveFile, scanHtml, srcsetUrls } from '../../scripts/lib/links.ts';

describe('scanHtml', () => {
  it('collects ids and every kind of reference', () => {
    const page = scanHtml(`<!doctype html><html><head>
      <link rel="stylesheet" href="/_astro/a.css"><link rel="preconnect" href="https://fonts.example">
      <style>@font-face{src:url("/fonts/x.woff2")} .m{marker-end:url(#arrow)}</style></head>
      <body><h2 id="intro">x</h2><a name="old"></a><a href="#intro">i</a>
      <img src="/a.png" srcset="/a-1x.png 1x, /a-2x.png 2x"><svg><use href="#icon"/></svg>
      <template><img src="/in-template.png"></template></body></html>`);
    expect([...page.ids].sort()).toEqual(['intro', 'old']);
    expect(page.refs.map((ref) => `${ref.source} ${ref.value}`)).toEqual([
      'link[href] /_astro/a.css',
      'style url() /fonts/x.woff2',
      'a[href] #intro',
      'img[src] /a.png',
      'img[srcset] /a-1x.png',
      'img[srcset] /a-2x.png',
      'use[href] #icon',
      'img[src] /in-template.png',
    ]);
  });

  it('reads srcset and CSS urls', () => {
    expect(srcsetUrls('/a.webp 400w,/b.webp 800w')).toEqual(['/a.webp', '/b.webp']);
    expect(cssUrls(`a{b:url(x.woff2)} @import "y.css"; c{d:url('z.svg')} e{f:url(#g)}`)).toEqual(['x.woff2', 'y.css', 'z.svg']);
  });

  it('resolves paths the way a static host does', () => {
    const files = new Set(['index.html', 'ko/index.html', 'about.html', 'a b/index.html']);
    expect(resolveFile('/', files)).toBe('index.html');
    expect(resolveFile('/ko', files)).toBe('ko/index.html');
    expect(resolveFile('/ko/', files)).toBe('ko/index.html');
    expect(resolveFile('/about', files)).toBe('about.html');
    expect(resolveFile('/a%20b/', files)).toBe('a b/index.html');
    expect(resolveFile('/missing/', files)).toBeUndefined();
  });
});

describe('checkLinks over a small dist', () => {
  let dist: string;
  const put = async (path: string, text: string): Promise<void> => {
    await mkdir(dirname(join(dist, path)), { recursive: true });
    await writeFile(join(dist, path), text);
  };

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'links-'));
    await put('sitemap-index.xml', '<sitemapindex><sitemap><loc>https://site.example/sitemap-0.xml</loc></sitemap></sitemapindex>');
    await put('_astro/site.css', '@font-face{src:url(../fonts/ok.woff2)} @font-face{src:url(../fonts/gone.woff2)}');
    await put('fonts/ok.woff2', '');
    await put(
      'ko/index.html',
      `<html><head><link rel="stylesheet" href="/_astro/site.css"><link rel="canonical" href="https://site.example/ko/">
      <link rel="alternate" hreflang="en" href="https://site.example/en/"></head><body id="top-of-page">
      <a href="posts/x/#sec-1">ok relative + anchor</a><a href="/ko/posts/x/#nope">bad anchor</a>
      <a href="#top-of-page">ok same page</a><a href="#missing">bad same page</a>
      <a href="https://elsewhere.example/">external, skipped</a><a href="mailto:a@b.c">mail</a>
      <img src="/img/none.png"><a href="#">top</a></body></html>`,
    );
    await put(
      'ko/posts/x/index.html',
      '<html><body><h2 id="sec-1">1</h2><a href="../../">up</a><a href="%ED%95%9C/">encoded</a></body></html>',
    );
    await put('ko/posts/x/한/index.html', '<html><body></body></html>');
  });
  afterAll(async () => {
    await rm(dist, { recursive: true, force: true });
  });

  it('lists exactly the broken links, with page and reason', async () => {
    const report = await checkLinks(dist, { siteOrigins: ['https://site.example'] });
    expect(report.pagesChecked).toBe(3);
    expect(report.broken.map((link) => `${link.page} ${link.value} ${link.reason}`).sort()).toEqual(
      [
        '/_astro/site.css ../fonts/gone.woff2 no such file in dist',
        '/ko/ /img/none.png no such file in dist',
        '/ko/ /ko/posts/x/#nope no element with id "nope" on /ko/posts/x/',
        '/ko/ https://site.example/en/ no such file in dist',
        '/ko/ #missing no element with id "missing" on this page',
      ].sort(),
    );
    const text = formatReport(report);
    expect(text).toContain('/img/none.png');
    expect(text).toMatch(/3 pages, \d+ internal links checked: 5 broken/);
  });

  it('fails clearly when dist does not exist', async () => {
    await expect(checkLinks(join(dist, 'nope'))).rejects.toThrow(/not a directory \(build the site first\)/);
  });
});
