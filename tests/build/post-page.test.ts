/** The published Korean post, as `astro build` wrote it (the shared build of tests/helpers/build-site.ts). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { decodeEntities, elements, markdownParagraphs, visibleText } from '../helpers/html.ts';

const distDir = inject('distDir');
const seedFile = path.join(import.meta.dirname, '../fixtures/cnn-basic.ko.seed.md');
let html = '';
let seed = '';

beforeAll(async () => {
  html = await readFile(path.join(distDir, 'ko/posts/cnn-basic/index.html'), 'utf8');
  seed = await readFile(seedFile, 'utf8');
});

describe('dist/ko/posts/cnn-basic/index.html', () => {
  it('holds every paragraph of the seed post', () => {
    const text = visibleText(html);
    const paragraphs = markdownParagraphs(seed);
    expect(paragraphs.length).toBeGreaterThan(10);
    const missing = paragraphs.filter((paragraph) => !text.includes(paragraph));
    expect(missing).toEqual([]);
  });

  it('has the seed title with its typo fixed, and the subtitle', () => {
    const title = /^title:\s*"(.*)"$/m.exec(seed)?.[1] ?? '';
    expect(title).toContain('VGG<');
    const [h1] = elements(html, 'h1');
    expect(visibleText(h1?.inner ?? '')).toBe(title.replace('VGG<', 'VGG,'));
    expect(html).toContain('<p class="post-subtitle">cnn basic</p>');
  });

  it('renders math with KaTeX at build time, including the 49 vs 27 weights', () => {
    expect(html.match(/class="katex"/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    expect(html).toContain('class="katex-display"');
    expect(html).toMatch(/<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"/);
    const tex = elements(html, 'annotation').map((a) => a.inner);
    expect(tex.some((t) => t.includes('= 49') && t.includes('3 \\cdot 9 = 27'))).toBe(true);
    expect(html).not.toContain('$$');
  });

  it('inlines at least three mermaid diagrams as one SVG each, whose colours are set per theme', () => {
    const diagrams = html.split('class="mermaid-diagram"').slice(1);
    expect(diagrams.length).toBeGreaterThanOrEqual(3);
    for (const diagram of diagrams) {
      const svg = /^[^>]*><svg [^>]*id="(mmd-[^"]+)"[\s\S]*?<\/svg><\/div>/.exec(diagram);
      expect(svg).not.toBeNull();
      const [whole, id] = svg as RegExpExecArray;
      expect(whole.match(/<svg[\s>]/g)).toHaveLength(1);
      expect(whole).toContain(`:root[data-theme="dark"] #${id}{--mmd-0:`);
      expect(whole).toContain('var(--mmd-0)');
    }
    expect(html).not.toContain('language-mermaid');
    // the diagrams' labels are real SVG text
    const svgText = diagrams.join('').replace(/<[^>]+>/g, '');
    const labels = ['GPU 1 · conv1', 'GPU 2 · FC7', '블록 3 · 56×56', '3×3, 512', '1×1 conv (축소)', '3×3 max pool'];
    expect(labels.filter((label) => !svgText.includes(label))).toEqual([]);
  });

  it("keeps every id on the page unique (every diagram's included)", () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(duplicates).toEqual([]);
  });

  it('credits the original images it replaces, without loading them', () => {
    for (const original of [
      'https://i.imgur.com/CwIvlUW.png',
      'https://neurohive.io/wp-content/uploads/2018/11/vgg16-neural-network.jpg',
      'https://img1.daumcdn.net/thumb/R1280x0/',
    ]) {
      expect(html).toContain(`href="${original}`);
      expect(html).not.toContain(`src="${original}`);
    }
  });

  it('highlights code with Shiki in a light and a dark theme, without client JavaScript', () => {
    const [pre] = elements(html, 'pre');
    expect(pre?.attrs).toMatch(/class="astro-code/);
    expect(pre?.attrs).toContain('data-language="python"');
    expect(pre?.inner).toMatch(/style="--shiki-light:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6}"/);
    expect(decodeEntities((pre?.inner ?? '').replace(/<[^>]+>/g, ''))).toContain('nn.Conv2d(1, 1, kernel_size=7, bias=False)');
  });

  it('ships no script but the inline theme toggle (plus Astro island loaders only once a demo is on the page)', () => {
    const scripts = elements(html, 'script');
    const theme = scripts.filter((s) => s.inner.includes('data-theme-toggle'));
    expect(theme).toHaveLength(1);
    expect(theme[0]?.attrs).not.toMatch(/\bsrc=/);
    expect(theme[0]?.inner.length).toBeLessThan(1200);
    if (!html.includes('<astro-island')) {
      expect(scripts).toHaveLength(1);
      expect(html).not.toMatch(/<link[^>]+rel="modulepreload"/);
    }
  });

  it('shows date, reading time, tags, categories and a table of contents', () => {
    expect(html).toContain('<time datetime="2026-11-29">2026년 11월 29일</time>');
    expect(html).toMatch(/class="reading-time">\d+분 분량</);
    expect(html).toContain('href="/ko/tags/dl/"');
    expect(html).toContain('href="/ko/categories/study/"');
    const toc = /<nav class="toc"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
    for (const heading of ['AlexNet - CNN의 표준', 'VGG - 적절한 filter size 지정', 'GoogLeNet - 더 넓고 깊어진 모델', 'Conclusion']) {
      expect(visibleText(toc)).toContain(heading);
    }
  });

  it('has SEO and Open Graph meta, canonical and hreflang for the versions that exist', async () => {
    expect(html).toMatch(/<html lang="ko">/);
    expect(html).toContain('<link rel="canonical" href="https://receptive.example/ko/posts/cnn-basic/">');
    expect(html).toMatch(/<meta name="description" content="AlexNet, VGG, GoogLeNet이[^"]+">/);
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<meta property="og:locale" content="ko_KR">');
    expect(html).toContain('<meta property="article:published_time" content="2026-11-29T00:00:00.000Z">');
    const { readdir } = await import('node:fs/promises');
    const existing = (await readdir(path.join(import.meta.dirname, '../../content/posts/cnn-basic'))).map((f) => f.replace(/\.mdx?$/, ''));
    const hreflangs = [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((m) => m[1]);
    expect(hreflangs.sort()).toEqual([...existing, 'x-default'].sort());
    expect(html).toContain('<link rel="alternate" hreflang="x-default" href="https://receptive.example/ko/posts/cnn-basic/">');
  });

  it('loads the KaTeX stylesheet and the Korean fonts from its own origin', () => {
    expect(html).toMatch(/<link rel="stylesheet" href="\/vendor\/katex-[\d.]+\/katex\.min\.css">/);
    expect(html).toMatch(/<link rel="stylesheet" href="\/vendor\/fonts\/ko\.[0-9a-f]{10}\.css">/);
  });
});
