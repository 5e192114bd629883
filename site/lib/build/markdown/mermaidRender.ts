/**
 * Renders mermaid source to SVG in headless Chromium (mermaid needs a real DOM to measure text), once per theme,
 * merges the two renderings into one SVG that follows the page theme (./mermaidSvg.ts), and caches it by content
 * hash so rebuilds with unchanged diagrams never start a browser.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumExecutablePath } from '../chromium.ts';
import { bothThemesSvg, themedSvg } from './mermaidSvg.ts';

export type MermaidTheme = 'light' | 'dark';

const require = createRequire(import.meta.url);
const mermaidDist = require.resolve('mermaid/dist/mermaid.min.js');
const mermaidVersion: string = require('mermaid/package.json').version;

/** Font stack inside the SVG: the page's self-hosted Noto Sans KR/JP, and the system's Noto CJK when measuring in Chromium. */
const FONT_FAMILY = '"Inter", "Noto Sans KR", "Noto Sans JP", "Noto Sans CJK KR", "Noto Sans CJK JP", sans-serif';
/** Bump when the render settings below or the merging in ./mermaidSvg.ts change, so old cache entries stop matching. */
const RENDER_SETTINGS_VERSION = 3;
const THEMES: readonly MermaidTheme[] = ['light', 'dark'];

function mermaidConfig(theme: MermaidTheme) {
  return {
    startOnLoad: false,
    securityLevel: 'strict',
    theme: theme === 'dark' ? 'dark' : 'default',
    fontFamily: FONT_FAMILY,
    themeVariables: { fontFamily: FONT_FAMILY },
    htmlLabels: false,
    flowchart: { htmlLabels: false, useMaxWidth: true },
    // Shapes drawn with rough.js (class diagrams) take a random seed by default; the two themes must draw the same lines.
    handDrawnSeed: 1,
  };
}

/** Content hash of one diagram: the source, the mermaid version and our settings for both themes. */
export function diagramKey(source: string): string {
  return createHash('sha256')
    .update(
      JSON.stringify({
        source: source.trim(),
        mermaidVersion,
        settings: RENDER_SETTINGS_VERSION,
        config: THEMES.map((theme) => mermaidConfig(theme)),
      }),
    )
    .digest('hex');
}

/** The id mermaid gets for a cached rendering; every internal id and CSS selector of the SVG starts with it. */
export function placeholderId(key: string): string {
  return `mmd-${key.slice(0, 16)}`;
}

let browser: Promise<Browser> | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let queue: Promise<unknown> = Promise.resolve();

/**
 * A fresh page with mermaid loaded, one per rendering: mermaid numbers some ids with counters global to the page, and
 * the light and dark renderings of a diagram must start from the same state to come out the same but for colours.
 */
async function newMermaidPage(): Promise<Page> {
  if (!browser) {
    // Loaded here, not at the top: most builds find every diagram in the cache and never need a browser. (A
    // require, since a dynamic import() would go through Vite's module runner, closed by the time pages render.)
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    browser = chromium.launch({ executablePath: chromiumExecutablePath(), args: ['--no-sandbox'] });
  }
  const p = await (await browser).newPage();
  await p.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
  await p.addScriptTag({ path: mermaidDist });
  return p;
}

/** Closes the browser once no diagram has been rendered for a moment (a build renders its diagrams in one burst). */
function scheduleClose(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    const closing = browser;
    browser = undefined;
    void closing?.then((b) => b.close()).catch(() => {});
  }, 3000);
  idleTimer.unref();
}

async function renderInBrowser(source: string, theme: MermaidTheme, id: string): Promise<string> {
  // No closing while a diagram renders (a slow render on a busy machine outlasts the idle delay).
  if (idleTimer) clearTimeout(idleTimer);
  const p = await newMermaidPage();
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
    await p.close().catch(() => {});
    scheduleClose();
  }
}

/** Diagrams already read or rendered in this process: every page that shows one asks for it again. */
const known = new Map<string, Promise<string>>();

/** The themed SVG of one diagram, from memory, the cache folder, or rendered in both themes (then written to the cache). */
export function renderMermaid(source: string, cacheDir: string): Promise<string> {
  const key = diagramKey(source);
  const file = path.join(cacheDir, `${key}.svg`);
  let svg = known.get(file);
  if (!svg) {
    svg = loadOrRender(source, key, file, cacheDir);
    known.set(file, svg);
    svg.catch(() => known.delete(file));
  }
  return svg;
}

async function loadOrRender(source: string, key: string, file: string, cacheDir: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    // not cached yet: render below
  }
  if (process.env.RECEPTIVE_MERMAID_CACHE_ONLY === '1') {
    throw new Error(`mermaid diagram not in cache (${file}) and RECEPTIVE_MERMAID_CACHE_ONLY=1 forbids rendering`);
  }
  // One diagram at a time: mermaid keeps global state per page. Both themes under one id, so that they merge.
  const job = queue.then(async () => {
    const [light, dark] = [
      await renderInBrowser(source, 'light', placeholderId(key)),
      await renderInBrowser(source, 'dark', placeholderId(key)),
    ];
    try {
      return themedSvg(light, dark);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      console.warn(`[mermaid] ${key.slice(0, 12)}: one SVG for both themes is not possible (${reason}); inlining a light and a dark copy`);
      return bothThemesSvg(light, dark);
    }
  });
  queue = job.catch(() => {});
  const svg = await job;
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, svg);
  await rename(tmp, file);
  return svg;
}
