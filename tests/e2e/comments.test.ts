/**
 * Comments with consent, in real Chromium over a real build with giscus configured (RECEPTIVE_GISCUS): nothing leaves
 * our origin before the reader presses "Load comments"; the press inserts giscus's frame in the page's language and
 * theme; only pages with comments allow giscus's origin in their CSP. The shared build (comments unset) has none.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSite } from '../../scripts/lib/astroBuild.ts';
import { type StaticServer, serveStatic } from '../../scripts/lib/staticServer.ts';
import { REPO_ROOT } from '../../site/lib/build/repoRoot.ts';
import { launchChromium } from '../helpers/browser.ts';
import { pageSettled } from '../helpers/page.ts';

const GISCUS = {
  repo: 'receptive-blog/comments',
  repoId: 'R_kgDOTEST',
  category: 'Comments',
  categoryId: 'DIC_kwDOTEST',
  mapping: 'pathname',
};
const POST = 'cnn-basic';

let workDir = '';
let outDir = '';
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'receptive-comments-'));
  outDir = path.join(workDir, 'dist');
  const { output } = await buildSite(path.join(REPO_ROOT, 'content', 'posts'), outDir, path.join(workDir, 'work'), {
    RECEPTIVE_GISCUS: JSON.stringify(GISCUS),
  });
  if (!existsSync(path.join(outDir, 'en', 'posts', POST, 'index.html'))) throw new Error(`no post page built:\n${output.slice(-4000)}`);
  server = await serveStatic(outDir);
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function cspOf(html: string): string {
  return /<meta http-equiv="content-security-policy" content="([^"]+)"/i.exec(html)?.[1] ?? '';
}

describe('comments', () => {
  it('are off while giscus is not configured (the shared build): no section, no giscus in any policy', () => {
    const html = readFileSync(path.join(inject('distDir'), 'ko', 'posts', POST, 'index.html'), 'utf8');
    expect(html).not.toContain('class="comments"');
    expect(cspOf(html)).not.toContain('giscus');
  });

  it('allow giscus in the CSP only on pages that show comments', () => {
    const post = readFileSync(path.join(outDir, 'en', 'posts', POST, 'index.html'), 'utf8');
    expect(cspOf(post)).toMatch(/frame-src 'self' https:\/\/giscus\.app/);
    const home = readFileSync(path.join(outDir, 'en', 'index.html'), 'utf8');
    expect(cspOf(home)).not.toContain('giscus');
  });

  for (const [lang, scheme] of [
    ['ko', 'light'],
    ['ja', 'dark'],
    ['en', 'light'],
  ] as const) {
    it(`${lang}, ${scheme}: load nothing from another origin until "Load comments", then giscus's frame in ${lang} and ${scheme}`, async () => {
      const context = await browser.newContext({ colorScheme: scheme });
      const page = await context.newPage();
      const foreign: string[] = [];
      // Nothing may reach giscus in a test: record and refuse every request that leaves our origin.
      await context.route(
        (url) => url.origin !== server.origin,
        (route) => {
          foreign.push(route.request().url());
          return route.abort();
        },
      );
      await page.goto(`${server.origin}/${lang}/posts/${POST}/`);
      await page.evaluate(async () => {
        for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
          scrollTo(0, y);
          await new Promise((resolve) => setTimeout(resolve, 30));
        }
      });
      await pageSettled(page);
      expect(foreign).toEqual([]);
      expect(await page.locator('.comments iframe').count()).toBe(0);

      const button = page.locator('.comments-load');
      await button.focus();
      await page.keyboard.press('Enter');
      const frame = page.locator('.comments iframe');
      await frame.waitFor({ state: 'attached' });
      const src = new URL((await frame.getAttribute('src')) ?? '');
      expect(src.origin).toBe('https://giscus.app');
      expect(src.pathname).toBe(`/${lang}/widget`);
      expect(src.searchParams.get('theme')).toBe(scheme);
      expect(src.searchParams.get('repo')).toBe(GISCUS.repo);
      expect(src.searchParams.get('category')).toBe(GISCUS.category);
      expect(src.searchParams.get('term')).toBe(`${lang}/posts/${POST}/`);
      await expect.poll(() => foreign.some((url) => url.startsWith('https://giscus.app/'))).toBe(true);
      expect(foreign.every((url) => url.startsWith('https://giscus.app/'))).toBe(true);
      await context.close();
    }, 300_000);
  }
});
