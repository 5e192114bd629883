/**
 * The Chromium locator: an explicit path wins, then the system's browser, then the one @sparticuz/chromium ships, which
 * launches and has WebGPU (SwiftShader) with --enable-unsafe-webgpu; wrong settings fail with a message naming them.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { locateChromium } from '../../site/lib/build/chromium.ts';

const saved = { ...process.env };
afterEach(() => {
  for (const name of ['RECEPTIVE_CHROMIUM', 'CHROMIUM_PATH', 'RECEPTIVE_BROWSER']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

function clearBrowserEnv(): void {
  delete process.env.RECEPTIVE_CHROMIUM;
  delete process.env.CHROMIUM_PATH;
  delete process.env.RECEPTIVE_BROWSER;
}

describe('locateChromium', () => {
  it('an explicit RECEPTIVE_CHROMIUM wins, and one that does not exist is an error naming it', async () => {
    clearBrowserEnv();
    process.env.RECEPTIVE_CHROMIUM = process.execPath;
    expect(await locateChromium()).toMatchObject({ executablePath: process.execPath, source: 'env' });
    process.env.RECEPTIVE_CHROMIUM = '/nonexistent/chromium';
    await expect(locateChromium()).rejects.toThrow('/nonexistent/chromium, which does not exist');
  });

  it('RECEPTIVE_BROWSER accepts only "system" or "bundled"', async () => {
    clearBrowserEnv();
    process.env.RECEPTIVE_BROWSER = 'firefox';
    await expect(locateChromium()).rejects.toThrow('RECEPTIVE_BROWSER must be "system" or "bundled"');
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))('with the system Chromium installed, it is the one used', async () => {
    clearBrowserEnv();
    expect(await locateChromium()).toMatchObject({ executablePath: '/usr/bin/chromium', source: 'system' });
  });

  it('RECEPTIVE_BROWSER=bundled unpacks @sparticuz/chromium, which launches and gives a WebGPU adapter', async () => {
    clearBrowserEnv();
    process.env.RECEPTIVE_BROWSER = 'bundled';
    const found = await locateChromium();
    expect(found.source).toBe('bundled');
    expect(found.executablePath).toMatch(/\.cache\/chromium\/sparticuz-[\d.]+\/chromium$/);
    // navigator.gpu exists only in a secure context: a page from http://127.0.0.1 is one, about:blank is not.
    const server: Server = createServer((_, res) => res.end('<!doctype html><title>gpu</title>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await chromium.launch({ executablePath: found.executablePath, args: ['--enable-unsafe-webgpu'] });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const adapter = await page.evaluate(async () => {
        const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info: { vendor: string } } | null> } }).gpu;
        const found = await gpu?.requestAdapter();
        return found ? found.info.vendor : null;
      });
      expect(adapter, `WebGPU adapter in ${found.description}`).toBeTruthy();
    } finally {
      await browser.close();
      server.close();
    }
  }, 120_000);
});
