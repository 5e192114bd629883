/**
 * KaTeX's space boxes folded into the margin of the symbol before them (foldMathSpaces), and its groups of one box
 * replaced by that box (unwrapMathGroups): fewer elements, the same picture. Formulas of the kinds the post uses are
 * typeset by rehype-katex, drawn in Chromium with KaTeX's own CSS and fonts before and after, and compared pixel for pixel.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Browser } from 'playwright-core';
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { afterAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveStatic } from '../../scripts/lib/staticServer.ts';
import type { HastNode } from '../../site/lib/build/markdown/hast.ts';
import { foldMathSpaces, unwrapMathGroups } from '../../site/lib/build/markdown/katexPlugins.ts';
import { launchChromium } from '../helpers/browser.ts';

const katexDist = dirname(createRequire(import.meta.url).resolve('katex/dist/katex.min.css'));

/** One server of KaTeX's files and one Chromium for the file's pixel tests, started on first use. */
let started: Promise<{ server: StaticServer; browser: Browser }> | undefined;
const drawer = () =>
  (started ??= Promise.all([serveStatic(katexDist), launchChromium()]).then(([server, browser]) => ({ server, browser })));
afterAll(async () => {
  if (!started) return;
  const { server, browser } = await started;
  await browser.close();
  await server.close();
});

const FORMULAS = [
  String.raw`\mathrm{ReLU}(x) = \max(0, x)`,
  String.raw`\underbrace{7 \times 7}_{49} \;>\; \underbrace{3 \times (3 \times 3)}_{27}`,
  String.raw`\tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{-x}}`,
  String.raw`f\,(x) \quad g \qquad h \! i`,
  String.raw`49C^2 \;\text{and}\; x_{i}^{2} + \sqrt{x^{-1}}`,
  // A group of one as a row of a .vlist (the box under the line, over the brace): katex.css places it by position.
  String.raw`\overline{x} + \underbrace{x}_{y}`,
];

/** The formulas as rehype-katex typesets them, as hast. */
async function typeset(): Promise<HastNode> {
  const tree = {
    type: 'root',
    children: FORMULAS.map((tex) => ({
      type: 'element',
      tagName: 'p',
      properties: {},
      children: [
        {
          type: 'element',
          tagName: 'code',
          properties: { className: ['language-math', 'math-inline'] },
          children: [{ type: 'text', value: tex }],
        },
      ],
    })),
  };
  return (await unified()
    .use(rehypeKatex)
    .run(tree as never)) as unknown as HastNode;
}

const html = (tree: HastNode) =>
  unified()
    .use(rehypeStringify)
    .stringify(tree as never);
const count = (markup: string, pattern: RegExp) => markup.match(pattern)?.length ?? 0;

describe('foldMathSpaces', () => {
  it('moves each space box into the margin of the symbol before it', async () => {
    const tree = await typeset();
    const before = html(tree);
    foldMathSpaces(tree);
    const after = html(tree);
    expect(count(before, /class="mspace"/g)).toBeGreaterThan(10);
    // Only a space with nothing before it, or after a symbol with a style of its own, stays.
    expect(count(after, /class="mspace"/g)).toBeLessThan(count(before, /class="mspace"/g) / 2);
    expect(after).toContain('<span class="mrel" style="margin-right:0.2778em">=</span>');
    // A symbol with an italic correction (a margin of its own) keeps the space box after it.
    expect(after).toMatch(/class="mord mathnormal" style="margin-right:0\.\d+em;">f<\/span><span class="mspace"/);
  });

  it('draws every formula pixel for pixel as before', async () => {
    const tree = await typeset();
    const before = html(tree);
    foldMathSpaces(tree);
    await expectSamePixels(before, html(tree), 'the folded formulas draw other pixels');
  }, 60_000);
});

describe('unwrapMathGroups', () => {
  it('replaces each group of one box by the box, except where katex.css places boxes by position', async () => {
    const tree = await typeset();
    const before = html(tree);
    unwrapMathGroups(tree);
    const after = html(tree);
    const spans = (markup: string) => count(markup, /<span/g);
    expect(spans(after)).toBeLessThan(spans(before));
    // A group holding one symbol and nothing else (x's group in e^{x}, 1's in x^{-1}).
    const groupsOfOne = (markup: string) => count(markup, /<span class="m[a-z ]+"><span class="[^"]*"[^>]*>[^<]*<\/span><\/span>/g);
    expect(groupsOfOne(before)).toBeGreaterThan(3);
    expect(groupsOfOne(after)).toBeLessThan(groupsOfOne(before));
    // Every box a stylesheet rule picks by position (a .vlist's rows and their boxes) is where it was.
    const positioned = (markup: string) => markup.match(/class="vlist"[^>]*><span[^>]*><span class="[^"]*"/g);
    expect(positioned(after)).toEqual(positioned(before));
  });

  it('draws every formula pixel for pixel as before, folded spaces and all', async () => {
    const tree = await typeset();
    const before = html(tree);
    unwrapMathGroups(tree);
    foldMathSpaces(tree);
    await expectSamePixels(before, html(tree), 'the unwrapped formulas draw other pixels');
  }, 60_000);
});

/** Draws both markups in Chromium with KaTeX's CSS and fonts and expects the same pixels. */
async function expectSamePixels(before: string, after: string, message: string): Promise<void> {
  const { server, browser } = await drawer();
  const shots: Buffer[] = [];
  for (const body of [before, after]) {
    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    // The formulas' page, answered at the stylesheet's own origin so its fonts load as on the site.
    const url = `${server.origin}/formulas.html`;
    await page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><link rel="stylesheet" href="/katex.min.css"><div id="math" style="display:inline-block;font-size:20.6px">${body}</div>`,
      }),
    );
    await page.goto(url);
    await page.evaluate(() => document.fonts.ready);
    const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family));
    expect(loaded).toEqual(expect.arrayContaining(['KaTeX_Main', 'KaTeX_Math']));
    shots.push(await page.locator('#math').screenshot());
    await page.close();
  }
  expect(shots[1]?.equals(shots[0] as Buffer), message).toBe(true);
}
