/**
 * Renders mermaid source to SVG in headless Chromium (mermaid needs a real DOM to measure text), once per theme,
 * merges the two renderings into one SVG that follows the page theme (./mermaidSvg.ts), and caches it by content
 * hash so rebuilds with unchanged diagrams never start a browser.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
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
const RENDER_SETTINGS_VERSION = 8;
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

/** Korean, Japanese or Chinese characters: their widths must be measured with the CJK fonts the SVG names. */
const CJK = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** The system faces of FONT_FAMILY that Chromium measures CJK labels with; Debian's fonts-noto-cjk has both. */
const CJK_FACES = ['Noto Sans CJK KR', 'Noto Sans CJK JP'];
let cjkFontsChecked: Promise<void> | undefined;

/**
 * Fails before rendering a diagram with CJK labels on a machine without the Noto CJK fonts: Chromium would measure the
 * labels with some other font (or none) and the cached SVG would keep boxes too small for the page's Noto Sans KR/JP.
 */
export function requireCjkFonts(): Promise<void> {
  cjkFontsChecked ??= (async () => {
    const missing: string[] = [];
    let noFcList = false;
    for (const face of CJK_FACES) {
      // `fc-list -q PATTERN` exits 1 when no installed font matches.
      const found = await promisify(execFile)('fc-list', ['-q', face]).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') noFcList = true;
          return false;
        },
      );
      if (!found) missing.push(face);
    }
    if (missing.length > 0) {
      cjkFontsChecked = undefined;
      throw new Error(
        'this diagram has Korean/Japanese labels and is not in the cache, and the fonts that measure them are missing ' +
          `(${missing.join(', ')}${noFcList ? '; fontconfig’s fc-list is not installed either' : ', by fc-list'}). ` +
          `Install the package fonts-noto-cjk${noFcList ? ' and fontconfig' : ''} ` +
          `(\`sudo apt-get install fonts-noto-cjk${noFcList ? ' fontconfig' : ''}\` on Debian/Ubuntu), ` +
          'or commit the cached SVG from a machine that has them.',
      );
    }
  })();
  return cjkFontsChecked;
}

/**
 * A fresh page with mermaid loaded, one per rendering: mermaid numbers some ids with counters global to the page, and
 * the light and dark renderings of a diagram must start from the same state to come out the same but for colours.
 */
async function newMermaidPage(): Promise<Page> {
  if (!browser) {
    // Loaded here, not at the top: most builds find every diagram in the cache and never need a browser. (A
    // require, since a dynamic import() would go through Vite's module runner, closed by the time pages render.)
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    browser = chromium.launch({ executablePath: await chromiumExecutablePath(), args: ['--no-sandbox'] });
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

/** mermaid's own light and dark renderings of `source`, under the one id its cache key gives, before any merging. */
export function renderBothThemes(source: string): Promise<{ light: string; dark: string }> {
  const id = placeholderId(diagramKey(source));
  // One diagram at a time: mermaid keeps global state per page. Both themes under one id, so that they merge.
  const job = queue.then(async () => ({
    light: await renderInBrowser(source, 'light', id),
    dark: await renderInBrowser(source, 'dark', id),
  }));
  queue = job.catch(() => {});
  return job;
}

/** Diagrams already read or rendered in this process: every page that shows one asks for it again. */
const known = new Map<string, Promise<string>>();

const cacheFile = (cacheDir: string, key: string): string => path.join(cacheDir, `${key}.svg`);

/** The themed SVG of one diagram, from memory, the cache folder, or rendered in both themes (then written to the cache). */
export function renderMermaid(source: string, cacheDir: string): Promise<string> {
  const key = diagramKey(source);
  const file = cacheFile(cacheDir, key);
  let svg = known.get(file);
  if (!svg) {
    svg = loadOrRender(source, key, file, cacheDir);
    known.set(file, svg);
    svg.catch(() => known.delete(file));
  }
  return svg;
}

/** A diagram renderMermaid has already rendered or cached, by its key: from memory, else from the cache folder. */
export function renderedDiagram(key: string, cacheDir: string): Promise<string> {
  const file = cacheFile(cacheDir, key);
  return known.get(file) ?? readFile(file, 'utf8');
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
  if (CJK.test(source)) await requireCjkFonts();
  const job = renderBothThemes(source).then(({ light, dark }) => {
    try {
      return themedSvg(light, dark);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      console.warn(`[mermaid] ${key.slice(0, 12)}: one SVG for both themes is not possible (${reason}); inlining a light and a dark copy`);
      return bothThemesSvg(light, dark);
    }
  });
  const svg = await job;
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, svg);
  await rename(tmp, file);
  return svg;
}
