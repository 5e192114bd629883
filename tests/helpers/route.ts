/**
 * A broken download that a test can mend: requests to `url` are answered by `fail` until `mend()`, then reach the server.
 * Why not `unroute`: Playwright turns request interception off when a context's last route goes, and Chromium then
 * sometimes leaves the next request of that URL hanging forever (microsoft/playwright#41802; here, a retried model
 * download that never ended). The route stays installed for the context's life; only what it does changes.
 */
import type { BrowserContext, Page, Route } from 'playwright-core';

export async function breakRequests(
  target: BrowserContext | Page,
  url: RegExp,
  fail: (route: Route) => Promise<void>,
): Promise<{ mend: () => void }> {
  let broken = true;
  await target.route(url, (route) => (broken ? fail(route) : route.fallback()));
  return {
    mend: () => {
      broken = false;
    },
  };
}
