/**
 * Each mermaid diagram is one SVG whose colours follow the page theme: in light and in dark (chosen by the system or by
 * the toggle), every diagram is drawn at the same size, its labels stay readable against their boxes and its lines
 * against the page, and the page carries no second copy of any diagram.
 */
import { describe, expect, it } from 'vitest';
import { useSiteBrowser } from '../helpers/siteBrowser.ts';

const site = useSiteBrowser();

interface DiagramLook {
  svgs: number;
  width: number;
  height: number;
  nodeFill: string;
  /** Lowest contrast ratio of a label against its node's fill, and of a line against the page background. */
  labelContrast: number;
  /** Node labels found (each measured against the box under it). */
  labels: number;
  lineContrast: number;
  nodeLuminance: number;
}

interface PageLook {
  diagrams: DiagramLook[];
  pageLuminance: number;
}

/** The diagrams of `path` as the reader sees them with the system in `scheme` and, if given, the toggle set to `toggle`. */
async function look(path: string, scheme: 'light' | 'dark', toggle?: 'light' | 'dark'): Promise<PageLook> {
  const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
  try {
    await page.goto(`${site.server.origin}${path}`, { waitUntil: 'load' });
    if (toggle) await page.evaluate((theme) => document.documentElement.setAttribute('data-theme', theme), toggle);
    return await page.evaluate(() => {
      const rgb = (css: string): [number, number, number] => {
        const m = /rgba?\(([\d.]+),?\s*([\d.]+),?\s*([\d.]+)/.exec(css);
        if (!m) throw new Error(`not an rgb colour: ${css}`);
        return [Number(m[1]), Number(m[2]), Number(m[3])];
      };
      const luminance = (css: string): number => {
        const [r, g, b] = rgb(css).map((v) => {
          const c = v / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        }) as [number, number, number];
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const contrast = (a: string, b: string): number => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
        return (x + 0.05) / (y + 0.05);
      };
      const background = getComputedStyle(document.body).backgroundColor;
      const diagrams = [...document.querySelectorAll('.mermaid-diagram')].map((diagram) => {
        const svg = diagram.querySelector('svg') as SVGSVGElement;
        const box = svg.getBoundingClientRect();
        // A node's box and its label, whether mermaid's <g class="node"> still holds them or they carry its class.
        const shapes = [...svg.querySelectorAll(':is(rect, polygon, circle, path):is(.node, .node *)')];
        const labels = [...svg.querySelectorAll('text:is(.node, .node *)')];
        /** The smallest node shape under the label's centre: the box it is drawn on. */
        const boxOf = (text: Element): Element => {
          const t = text.getBoundingClientRect();
          const [x, y] = [t.x + t.width / 2, t.y + t.height / 2];
          const under = shapes.filter((shape) => {
            const r = shape.getBoundingClientRect();
            return r.left <= x && x <= r.right && r.top <= y && y <= r.bottom;
          });
          const area = (e: Element) => e.getBoundingClientRect().width * e.getBoundingClientRect().height;
          return under.sort((a, b) => area(a) - area(b))[0] as Element;
        };
        const shapeFill = (shape: Element): string => getComputedStyle(shape).fill;
        const labelContrasts = labels.map((text) => contrast(getComputedStyle(text).fill, shapeFill(boxOf(text))));
        const lineContrasts = [...svg.querySelectorAll('.flowchart-link')].map((line) =>
          contrast(getComputedStyle(line).stroke, background),
        );
        const nodeFill = shapeFill(shapes[0] as Element);
        return {
          svgs: diagram.querySelectorAll('svg').length,
          width: Math.round(box.width),
          height: Math.round(box.height),
          nodeFill,
          labelContrast: Math.min(...labelContrasts),
          labels: labels.length,
          lineContrast: Math.min(...lineContrasts),
          nodeLuminance: luminance(nodeFill),
        };
      });
      return { diagrams, pageLuminance: luminance(background) };
    });
  } finally {
    await page.close();
  }
}

describe('mermaid diagrams in light and dark', () => {
  for (const lang of ['ko', 'ja']) {
    const path = `/${lang}/posts/cnn-basic/`;
    it(`draws each diagram of ${path} once, readable in both themes, whichever way the theme was chosen`, async () => {
      const light = await look(path, 'light');
      const dark = await look(path, 'dark');
      expect(light.diagrams.length).toBeGreaterThanOrEqual(3);
      // The toggle wins over the system, both ways.
      expect(await look(path, 'light', 'dark')).toEqual(dark);
      expect(await look(path, 'dark', 'light')).toEqual(light);
      expect(light.pageLuminance).toBeGreaterThan(0.8);
      expect(dark.pageLuminance).toBeLessThan(0.05);
      light.diagrams.forEach((l, i) => {
        const d = dark.diagrams[i] as DiagramLook;
        expect(l.svgs, `diagram ${i}: one SVG`).toBe(1);
        expect(d.svgs).toBe(1);
        expect(l.width, `diagram ${i} drawn`).toBeGreaterThan(100);
        expect(l.height).toBeGreaterThan(100);
        expect([d.width, d.height], `diagram ${i}: same size in dark`).toEqual([l.width, l.height]);
        // Boxes follow the theme: light boxes on the light page, dark boxes on the dark one.
        expect(l.nodeFill).not.toBe(d.nodeFill);
        expect(l.nodeLuminance).toBeGreaterThan(0.5);
        expect(d.nodeLuminance).toBeLessThan(0.1);
        for (const theme of [l, d]) {
          expect(theme.labels, `diagram ${i}: node labels`).toBeGreaterThan(0);
          expect(theme.labelContrast, `diagram ${i}: labels against their boxes (WCAG AA)`).toBeGreaterThanOrEqual(4.5);
          expect(theme.lineContrast, `diagram ${i}: lines against the page (WCAG non-text)`).toBeGreaterThanOrEqual(3);
        }
      });
    }, 120_000);
  }
});
