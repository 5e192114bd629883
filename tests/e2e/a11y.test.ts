/** axe-core in real Chromium over each page type in every locale, in the light and the dark theme: zero violations. */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { drawWholePage, pageSettled } from '../helpers/page.ts';
import { useSiteBrowser } from '../helpers/siteBrowser.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const LOCALES = ['ko', 'en', 'ja'] as const;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** The first tag page of a locale in the build. */
function firstTagPage(lang: string): string {
  const tags = readdirSync(join(inject('distDir'), lang, 'tags'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
  const first = tags.map((entry) => entry.name).sort()[0];
  if (!first) throw new Error(`no tag pages under dist/${lang}/tags`);
  return `/${lang}/tags/${first}/`;
}

function pagesToCheck(): string[] {
  const pages = ['/404.html'];
  for (const lang of LOCALES)
    pages.push(`/${lang}/`, `/${lang}/posts/cnn-basic/`, firstTagPage(lang), `/${lang}/search/`, `/${lang}/models/`);
  return pages;
}

const site = useSiteBrowser();

describe('accessibility (axe-core)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`finds no violations on home, post, tag, search, models and 404 pages in every locale (${scheme} theme)`, async () => {
      // axe is injected as a script tag, which the site's own CSP would (rightly) refuse.
      const context = await site.browser.newContext({ bypassCSP: true, colorScheme: scheme });
      const found: string[] = [];
      for (const path of pagesToCheck()) {
        const page = await context.newPage();
        page.setDefaultTimeout(120_000);
        await page.goto(`${site.server.origin}${path}`);
        await pageSettled(page);
        await drawWholePage(page);
        await page.addScriptTag({ path: AXE });
        const violations = (await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe;
          const result = await axe.run(document, { resultTypes: ['violations'] });
          return result.violations;
        })) as AxeViolation[];
        for (const v of violations) {
          found.push(
            `${path} [${scheme}] ${v.id} (${v.impact}): ${v.help} — ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 5)
              .join(', ')}`,
          );
        }
        await page.close();
      }
      await context.close();
      expect(found).toEqual([]);
    }, 600_000);
  }
});
