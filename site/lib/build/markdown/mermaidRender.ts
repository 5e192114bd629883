/**
 * Renders mermaid source to SVG in headless Chromium (mermaid needs a real DOM to measure text), once per theme,
 * caching each SVG by content hash so rebuilds with unchanged diagrams never start a browser.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
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

async function getPage(): Promise<Page> {
  if (!page) {
    page = (async () => {
      browser = chromium.launch({ executablePath: await chromiumExecutablePath(), args: ['--no-sandbox'] });
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
  if (CJK.test(source)) await requireCjkFonts();
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
