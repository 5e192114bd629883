/**
 * Renders mermaid source to SVG in headless Chromium (mermaid needs a real DOM to measure text), once per theme,
 * caching each SVG by content hash so rebuilds with unchanged diagrams never start a browser.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { chromiumExecutablePath } from '../chromium.ts';

export type MermaidTheme = 'light' | 'dark';

const require = createRequire(import.meta.url);
const mermaidDist = require.resolve('mermaid/dist/mermaid.min.js');
const mermaidVersion: string = require('mermaid/package.json').version;

/** Font stack inside the SVG: the page's self-hosted Noto Sans KR/JP, and the system's Noto CJK when measuring in Chromium. */
const FONT_FAMILY = '"Inter", "Noto Sans KR", "Noto Sans JP", "Noto Sans CJK KR", "Noto Sans CJK JP", sans-serif';
/** Bump when the render settings below change, so old cache entries stop matching. */
const RENDER_SETTINGS_VERSION = 1;

function mermaidConfig(theme: MermaidTheme) {
  return {
    startOnLoad: false,
    securityLevel: 'strict',
    theme: theme === 'dark' ? 'dark' : 'default',
    fontFamily: FONT_FAMILY,
    themeVariables: { fontFamily: FONT_FAMILY },
    htmlLabels: false,
    flowchart: { htmlLabels: false, useMaxWidth: true },
  };
}

/** Content hash of one rendering: the source, the theme, the mermaid version and our settings. */
export function diagramKey(source: string, theme: MermaidTheme): string {
  return createHash('sha256')
    .update(
      JSON.stringify({ source: source.trim(), theme, mermaidVersion, settings: RENDER_SETTINGS_VERSION, config: mermaidConfig(theme) }),
    )
    .digest('hex');
}

/** The id mermaid gets for a cached rendering; every internal id and CSS selector of the SVG starts with it. */
export function placeholderId(key: string): string {
  return `mmd-${key.slice(0, 16)}`;
}

let browser: Promise<Browser> | undefined;
let page: Promise<Page> | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let queue: Promise<unknown> = Promise.resolve();

async function getPage(): Promise<Page> {
  if (!page) {
    page = (async () => {
      browser = chromium.launch({ executablePath: chromiumExecutablePath(), args: ['--no-sandbox'] });
      const p = await (await browser).newPage();
      await p.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
      await p.addScriptTag({ path: mermaidDist });
      return p;
    })();
  }
  return page;
}

/** Closes the browser once no diagram has been rendered for a moment (a build renders its diagrams in one burst). */
function scheduleClose(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    const closing = browser;
    browser = undefined;
    page = undefined;
    void closing?.then((b) => b.close()).catch(() => {});
  }, 3000);
  idleTimer.unref();
}

async function renderInBrowser(source: string, theme: MermaidTheme, id: string): Promise<string> {
  const p = await getPage();
  try {
    return await p.evaluate(
      async ({ source, id, config }) => {
        // biome-ignore lint/suspicious/noExplicitAny: mermaid's browser global ships no types
        const mermaid = (globalThis as unknown as { mermaid: any }).mermaid;
        mermaid.initialize(config);
        const { svg } = await mermaid.render(id, source);
        return svg as string;
      },
      { source, id, config: mermaidConfig(theme) },
    );
  } finally {
    scheduleClose();
  }
}

/** The SVG of one diagram in one theme, from the cache folder or rendered (then written to the cache). */
export async function renderMermaid(source: string, theme: MermaidTheme, cacheDir: string): Promise<string> {
  const key = diagramKey(source, theme);
  const file = path.join(cacheDir, `${key}.svg`);
  try {
    return await readFile(file, 'utf8');
  } catch {
    // not cached yet: render below
  }
  if (process.env.RECEPTIVE_MERMAID_CACHE_ONLY === '1') {
    throw new Error(`mermaid diagram not in cache (${file}) and RECEPTIVE_MERMAID_CACHE_ONLY=1 forbids rendering`);
  }
  // One diagram at a time: mermaid keeps global state per page.
  const job = queue.then(() => renderInBrowser(source, theme, placeholderId(key)));
  queue = job.catch(() => {});
  const svg = await job;
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, svg);
  await rename(tmp, file);
  return svg;
}
