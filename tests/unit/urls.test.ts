import { describe, expect, it } from 'vitest';
import { readingMinutes } from '../../site/lib/readingTime.ts';
import { buildToc } from '../../site/lib/toc.ts';
import {
  absoluteUrl,
  alternates,
  categoryUrl,
  homeUrl,
  localeOfPath,
  localizedPath,
  postUrl,
  rssUrl,
  tagUrl,
  termSlug,
} from '../../site/lib/urls.ts';

const site = 'https://receptive.example';

describe('URL helpers', () => {
  it('prefix every URL with its locale and end pages with a slash', () => {
    expect(homeUrl('ko')).toBe('/ko/');
    expect(postUrl('en', 'cnn-basic')).toBe('/en/posts/cnn-basic/');
    expect(tagUrl('ja', 'Deep Learning')).toBe('/ja/tags/deep-learning/');
    expect(categoryUrl('ko', 'study')).toBe('/ko/categories/study/');
    expect(rssUrl('ko')).toBe('/ko/rss.xml');
  });

  it('keep non-Latin tag names readable but URL-safe', () => {
    expect(termSlug('  딥 러닝 ')).toBe('딥-러닝');
    expect(tagUrl('ko', '딥러닝')).toBe(`/ko/tags/${encodeURIComponent('딥러닝')}/`);
  });

  it('move a path to another locale', () => {
    expect(localeOfPath('/ja/posts/x/')).toBe('ja');
    expect(localeOfPath('/vendor/x.css')).toBeUndefined();
    expect(localizedPath('/ko/posts/cnn-basic/', 'en')).toBe('/en/posts/cnn-basic/');
    expect(localizedPath('/ko/', 'ja')).toBe('/ja/');
    expect(localizedPath('/about/', 'en')).toBe('/en/about/');
  });

  it('list hreflang alternates only for existing versions, with x-default', () => {
    expect(alternates(['ko'], (l) => postUrl(l, 's'), site)).toEqual([
      { hreflang: 'ko', href: `${site}/ko/posts/s/` },
      { hreflang: 'x-default', href: `${site}/ko/posts/s/` },
    ]);
    expect(alternates(['ja', 'en'], (l) => postUrl(l, 's'), site).map((a) => a.hreflang)).toEqual(['en', 'ja', 'x-default']);
    expect(alternates(['ja', 'en'], (l) => postUrl(l, 's'), site).at(-1)?.href).toBe(`${site}/en/posts/s/`);
    expect(alternates([], homeUrl, site)).toEqual([]);
    expect(absoluteUrl('/ko/', site)).toBe(`${site}/ko/`);
  });
});

describe('table of contents', () => {
  it('nests h3 under h2 and ignores other depths', () => {
    const toc = buildToc([
      { depth: 1, slug: 't', text: 'Title' },
      { depth: 2, slug: 'a', text: 'A' },
      { depth: 3, slug: 'a1', text: 'A.1' },
      { depth: 4, slug: 'deep', text: 'deep' },
      { depth: 2, slug: 'b', text: 'B' },
    ]);
    expect(toc.map((i) => [i.slug, i.children.map((c) => c.slug)])).toEqual([
      ['a', ['a1']],
      ['b', []],
    ]);
  });
});

describe('reading time', () => {
  it('counts Korean characters and English words, ignoring code and math', () => {
    const korean = '가'.repeat(1000);
    expect(readingMinutes(korean)).toBe(2);
    expect(readingMinutes(`${'word '.repeat(440)}\n\`\`\`python\n${'code '.repeat(5000)}\n\`\`\`\n$$\n${'x'.repeat(9999)}\n$$`)).toBe(2);
    expect(readingMinutes('')).toBe(1);
  });
});
