/**
 * A demo island runs under the site's Content-Security-Policy with no violation, on a host with the `_headers` rules
 * (cross-origin isolated: WASM threads) and on one without them (GitHub Pages: single-threaded WASM).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serveStatic } from '../../scripts/lib/staticServer.ts';
import { launchChromium } from '../helpers/browser.ts';
import { hydrated } from '../helpers/page.ts';

const POST = '/ko/posts/cnn-basic/';
let browser: Browser;

beforeAll(async () => {
  // No --enable-unsafe-webgpu: like most readers' browsers today, the demo falls back to WASM.
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('a demo under the Content-Security-Policy', () => {
  for (const isolated of [true, false]) {
    it(`classifies a gallery sample with no CSP violation (${isolated ? 'COOP/COEP headers' : 'no headers, as on GitHub Pages'})`, async () => {
      const server = await serveStatic(inject('distDir'), { isolated });
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(180_000);
        await page.addInitScript(() => {
          const seen: string[] = [];
          (window as unknown as { cspViolations: string[] }).cspViolations = seen;
          document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
        });
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        await page.goto(`${server.origin}${POST}`);
        expect(await page.locator('meta[http-equiv="content-security-policy"]').count()).toBe(1);
        expect(await page.evaluate(() => crossOriginIsolated)).toBe(isolated);

        const island = page.locator('[data-demo="classifier"]').first();
        await hydrated(island);
        await island.locator('button[data-sample]').first().click();
        await page.waitForFunction(
          (el) => ['done', 'error'].includes(el?.getAttribute('data-status') ?? ''),
          await island.elementHandle(),
          {
            timeout: 180_000,
          },
        );
        expect(await island.getAttribute('data-status')).toBe('done');
        expect(await island.getAttribute('data-backend')).toBe('wasm');
        expect(Number(await island.getAttribute('data-top1'))).toBeGreaterThanOrEqual(0);
        expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
        await server.close();
      }
    }, 400_000);
  }
});
