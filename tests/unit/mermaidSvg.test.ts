/**
 * Diagrams rendered by mermaid in Chromium, in both themes, merged into one SVG whose colours are custom properties:
 * several diagram types, each checked for one copy, per-theme values, and no reference left dangling by the slimming.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderBothThemes, renderMermaid } from '../../site/lib/build/markdown/mermaidRender.ts';
import { parseCss, selectorForms, slimStyle, themedSvg } from '../../site/lib/build/markdown/mermaidSvg.ts';
import { launchChromium } from '../helpers/browser.ts';

const cacheDir = await mkdtemp(join(tmpdir(), 'receptive-mermaid-'));
afterAll(() => rm(cacheDir, { recursive: true, force: true }));

const DIAGRAMS: Record<string, string> = {
  flowchart:
    'flowchart LR\n  A["입력 28×28"]:::hot --> B{Is it?}\n  B -->|Yes| C[OK]\n  subgraph S["블록 1"]\n    C --> D\n  end\n  classDef hot fill:#f96',
  sequence: 'sequenceDiagram\n  Alice->>Bob: Hello\n  Bob-->>Alice: Hi',
  pie: 'pie title Pets\n  "Dogs" : 386\n  "Cats" : 85',
};

/** Every `url(#id)` and `href="#id"` of the markup names an id that exists in it. */
function danglingReferences(svg: string): string[] {
  const ids = new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  const refs = [...svg.matchAll(/url\(#([^)]+)\)|href="#([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  return refs.filter((ref) => !ids.has(ref));
}

describe('mermaid diagrams themed by custom properties', () => {
  for (const [type, source] of Object.entries(DIAGRAMS)) {
    it(`renders a ${type} as one SVG with light and dark values`, async () => {
      const svg = await renderMermaid(source, cacheDir);
      expect(svg.match(/<svg[\s>]/g)).toHaveLength(1);
      const id = /<svg [^>]*id="([^"]+)"/.exec(svg)?.[1];
      const light = new RegExp(`#${id}\\{(--mmd-0:[^}]*)\\}`).exec(svg)?.[1];
      const dark = new RegExp(`:root\\[data-theme="dark"\\] #${id}\\{(--mmd-0:[^}]*)\\}`).exec(svg)?.[1];
      const system = new RegExp(
        `@media \\(prefers-color-scheme:dark\\)\\{:root:not\\(\\[data-theme="light"\\]\\) #${id}\\{(--mmd-0:[^}]*)\\}`,
      ).exec(svg)?.[1];
      expect(light).toBeTruthy();
      expect(dark).toBeTruthy();
      expect(dark).not.toBe(light);
      expect(system).toBe(dark);
      expect(svg).toContain('var(--mmd-0)');
      expect(svg).not.toContain('data-points');
      expect(danglingReferences(svg)).toEqual([]);
      // Marker ids are the root's plus a counter, and classes that no rule selects are gone.
      expect(
        [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]).filter((x) => x !== id && !new RegExp(`^${id}-[0-9a-z]+$`).test(x ?? '')),
      ).toEqual([]);
      expect(svg).not.toMatch(/class="[^"]*\b(text-outer-tspan|label-container)\b/);
      // A flowchart's one-line label is one <text> holding its row's position, not a <text> around a single <tspan>
      // (a sequence diagram's rows keep their <tspan>: its stylesheet styles `text.actor>tspan`).
      if (type === 'flowchart') expect(svg).not.toMatch(/<text[^>]*><tspan[^>]*>[^<]*<\/tspan><\/text>/);
    }, 120_000);
  }

  it('falls back to a light and a dark copy, with distinct ids, when the themes differ in shape (class diagrams)', async () => {
    const svg = await renderMermaid('classDiagram\n  Animal <|-- Duck\n  Animal : +int age', cacheDir);
    expect(svg.match(/<svg[\s>]/g)).toHaveLength(2);
    expect(svg).toContain('<svg data-mermaid-theme="light"');
    expect(svg).toContain('<svg data-mermaid-theme="dark"');
    const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((x, i) => ids.indexOf(x) !== i)).toEqual([]);
  }, 120_000);

  it('dissolves node, label and cluster groups and drops layout-only links, drawing the same pixels in both themes', async () => {
    // The post's kinds of flowchart: two-row and one-row labels, subgraphs with titles, labelled and invisible links.
    const source = [
      'flowchart TB',
      '  A["입력<br/>224×224×3"] --> B["conv1<br/>11×11, 96"]',
      '  subgraph S1["블록 1 · 56×56"]',
      '    B --> C[pool]',
      '  end',
      '  subgraph S2["블록 2"]',
      '    D[conv2] --> E[conv3]',
      '  end',
      '  C -->|max pool| D',
      '  A ~~~ E',
    ].join('\n');
    const { light, dark } = await renderBothThemes(source);
    const kept = themedSvg(light, dark, { dissolveGroups: false });
    const dissolved = themedSvg(light, dark);
    const count = (svg: string) => svg.match(/<[a-zA-Z]/g)?.length ?? 0;
    expect(kept).toMatch(/<g class="[^"]*\blabel\b/);
    expect(kept).toContain('edge-thickness-invisible');
    // Only the edge label keeps its groups: its rule sets a background colour (see GROUP_PROPERTIES_MOVED_SAFELY).
    expect(dissolved.match(/<g\b[^>]*>/g)?.map((g) => /class="([^"]*)"/.exec(g)?.[1])).toEqual(['edgeLabel', 'label']);
    expect(dissolved).not.toContain('edge-thickness-invisible');
    // Selectors only in the forms that still match: no rule reaches into a group that is gone (a node's), and the
    // edge label's group, which stays, is still reached.
    expect(dissolved).not.toMatch(/\.node rect/);
    expect(dissolved).toMatch(/\.label text/);
    expect(count(dissolved)).toBeLessThan(count(kept) * 0.75);
    expect(danglingReferences(dissolved)).toEqual([]);
    const browser = await launchChromium();
    try {
      for (const theme of ['light', 'dark']) {
        const shots: Buffer[] = [];
        for (const svg of [kept, dissolved]) {
          const page = await browser.newPage({ viewport: { width: 800, height: 1200 } });
          await page.setContent(`<html data-theme="${theme}"><body style="margin:0"><div style="width:600px">${svg}</div></body></html>`);
          shots.push(await page.locator('svg').first().screenshot());
          await page.close();
        }
        expect(shots[1]?.equals(shots[0] as Buffer), `${theme}: the dissolved SVG draws other pixels`).toBe(true);
      }
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('caches each diagram as one file, not one per theme', async () => {
    const files = (await readdir(cacheDir)).filter((f) => f.endsWith('.svg'));
    expect(files.length).toBe(Object.keys(DIAGRAMS).length + 1);
  });
});

describe('selectorForms', () => {
  it("adds the forms that match a dissolved group's classes on what it held, keeping the original", () => {
    const dissolved = new Set(['node', 'label']);
    expect(selectorForms('#d .node rect', dissolved)).toEqual(['#d rect.node', '#d .node rect']);
    expect(selectorForms('#d .node .label text', dissolved)).toEqual([
      '#d text.label.node',
      '#d .label.node text',
      '#d .node text.label',
      '#d .node .label text',
    ]);
    expect(selectorForms('#d [data-look="neo"].node rect', dissolved)).toEqual([
      '#d rect[data-look="neo"].node',
      '#d [data-look="neo"].node rect',
    ]);
    // A compound with a class whose groups all stayed is not moved.
    expect(selectorForms('#d .cluster rect', dissolved)).toEqual(['#d .cluster rect']);
  });
});

describe('slimStyle', () => {
  it("drops spaces, empty declarations and an initial stroke-dashoffset, unless a rule of the diagram's sets one", () => {
    expect(slimStyle('stroke-dasharray: 0 0 9 4; stroke-dashoffset: 0;;', '.a{fill:red}')).toBe('stroke-dasharray:0 0 9 4');
    expect(slimStyle('stroke-dashoffset: 0', '.edge-animation-fast{stroke-dashoffset:900}')).toBe('stroke-dashoffset:0');
    expect(slimStyle('fill: url(#a); stroke: rgb(1, 2, 3)', '')).toBe('fill:url(#a);stroke:rgb(1, 2, 3)');
    expect(slimStyle(' ; ', '')).toBe('');
  });
});

describe('parseCss', () => {
  it('reads rules, nested at-rules and declarations, keeping quoted strings whole', () => {
    expect(parseCss('#a .b{fill:#333;font-family:"x;y",sans}@media (x){.c{stroke:red}}')).toEqual([
      {
        kind: 'rule',
        prelude: '#a .b',
        items: [
          { kind: 'decl', prop: 'fill', value: '#333' },
          { kind: 'decl', prop: 'font-family', value: '"x;y",sans' },
        ],
      },
      {
        kind: 'rule',
        prelude: '@media (x)',
        items: [{ kind: 'rule', prelude: '.c', items: [{ kind: 'decl', prop: 'stroke', value: 'red' }] }],
      },
    ]);
  });
});
