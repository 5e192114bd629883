/**
 * Waits and records that browser tests share: an island hydrated or finished, a page done with what it does on load (in
 * place of Playwright's `networkidle`, which the bundled Chromium sometimes never reports), and the errors a page raises.
 */
import type { Locator, Page } from 'playwright-core';

/** Scrolls an island into view (a `client:visible` one hydrates then) and waits until Astro has hydrated it. */
export async function hydrated(island: Locator): Promise<void> {
  await island.scrollIntoViewIfNeeded();
  await island.page().waitForFunction((el) => !el?.closest('astro-island')?.hasAttribute('ssr'), await island.elementHandle());
}

/** Waits until the island's run is done or failed (models on WASM or SwiftShader, on a busy CPU: minutes); returns its `data-status`. */
export async function settled(island: Locator, timeout = 180_000): Promise<string> {
  const handle = await island.elementHandle();
  await island.page().waitForFunction((el) => ['done', 'error'].includes(el?.getAttribute('data-status') ?? ''), handle, { timeout });
  return (await island.getAttribute('data-status')) ?? '';
}

/**
 * Waits for what a page does by itself once opened: its load event, its web fonts, every island that hydrates without
 * the reader (`client:load`/`idle`, and `client:visible` ones on screen now) hydrated, and no demo loading or running.
 * `everyIsland` first brings each `client:visible` island into view in turn and waits for it to hydrate (scrolling
 * through the page in steps can pass one between two frames under load, and it would then never hydrate).
 */
export async function pageSettled(page: Page, { everyIsland = false } = {}): Promise<void> {
  await page.waitForLoadState('load');
  if (everyIsland) {
    for (const island of await page.$$('astro-island[ssr][client="visible"]')) {
      const shown = await island.evaluate((el) => {
        const child = [...el.children].find((c) => c.getBoundingClientRect().height > 0);
        child?.scrollIntoView({ block: 'center' });
        return child !== undefined;
      });
      if (shown) await page.waitForFunction((el) => !el.hasAttribute('ssr'), island);
    }
    await page.evaluate(() => scrollTo(0, 0));
  }
  await page.waitForFunction(() => {
    // An island is display: contents; Astro's client:visible watches its children.
    const onScreen = (island: Element) =>
      [...island.children].some((child) => {
        const box = child.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
      });
    const waiting = [...document.querySelectorAll('astro-island[ssr]')].some(
      (island) => island.getAttribute('client') !== 'visible' || onScreen(island),
    );
    return !waiting && !document.querySelector('[data-status="loading"], [data-status="running"]');
  });
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
}

/**
 * Scrolls through the whole page as a reader does, half a window at a time, then back to the top. A block with
 * `content-visibility: auto` (a figure, a demo, a diagram, display math) holds a guessed height until it is first drawn,
 * and keeps its real one afterwards: after this, the page's layout no longer changes as a tool scrolls it (axe measures
 * an element's background where it was before its own scroll moved it, and could find the wrong one).
 */
export async function drawWholePage(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
      scrollTo(0, y);
      await frame();
    }
    scrollTo(0, 0);
    await frame();
  });
}

/**
 * Records the page's uncaught errors and rejections, and its console errors unless `console` is false or the message
 * matches `expected`, into `into` (each prefixed with `label` when given); returns `into`.
 */
export function collectErrors(
  page: Page,
  into: string[] = [],
  options: { label?: string; console?: boolean; expected?: RegExp } = {},
): string[] {
  const { label, console: fromConsole = true, expected } = options;
  const add = (text: string) => into.push(label ? `${label}: ${text}` : text);
  page.on('pageerror', (error) => add(error.message));
  if (fromConsole) {
    page.on('console', (message) => {
      if (message.type() === 'error' && !expected?.test(message.text())) add(message.text());
    });
  }
  return into;
}
