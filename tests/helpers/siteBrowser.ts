/** One static server over the shared build and one Chromium per test file, started before its tests and closed after. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { type StaticServer, serveStatic } from '../../scripts/lib/staticServer.ts';
import { launchChromium } from './browser.ts';

export interface SiteBrowser {
  server: StaticServer;
  browser: Browser;
}

/** Registers the hooks; read `.server` and `.browser` inside tests (they are set once `beforeAll` has run). */
export function useSiteBrowser(): SiteBrowser {
  const handles = {} as SiteBrowser;
  beforeAll(async () => {
    handles.server = await serveStatic(inject('distDir'));
    handles.browser = await launchChromium();
  });
  afterAll(async () => {
    await handles.browser?.close();
    await handles.server?.close();
  });
  return handles;
}
