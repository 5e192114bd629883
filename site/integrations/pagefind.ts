/**
 * Builds the Pagefind search index after `astro build`, into `<outDir>/pagefind/`. Pagefind indexes only elements marked
 * `data-pagefind-body` (the post article) and splits the index by each page's `<html lang>`, so every locale gets its own
 * index and a reader's search page loads only its language's. Nothing is loaded until the reader opens search.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

/**
 * What is on a post page but is not the article: the controls, labels and results of the live figures and demos
 * (everything in them but their title), KaTeX's MathML copy of each formula (with its TeX source; the visible rendering
 * is kept), heading anchors and copy buttons.
 * Indexed, these filled excerpts with button labels and class names.
 */
export const NOT_ARTICLE = ['.fig > :not(figcaption)', '.demo > :not(.demo-title)', '.katex-mathml', '.heading-anchor', '.code-copy'];

/** Folder (under the build output) that holds the index and Pagefind's own JS/WASM. */
export const PAGEFIND_DIR = 'pagefind';

/** Runs Pagefind over a built site; throws with Pagefind's messages if it reports errors. Returns the pages indexed. */
export async function indexSite(outDir: string): Promise<number> {
  const { index, errors } = await pagefind.createIndex({ excludeSelectors: NOT_ARTICLE });
  try {
    if (!index) throw new Error(`pagefind could not start: ${errors.join('; ')}`);
    const added = await index.addDirectory({ path: outDir });
    if (added.errors.length > 0) throw new Error(`pagefind could not index ${outDir}: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(outDir, PAGEFIND_DIR) });
    if (written.errors.length > 0) throw new Error(`pagefind could not write its files: ${written.errors.join('; ')}`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}

export function pagefindIndex(): AstroIntegration {
  return {
    name: 'receptive-pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const pages = await indexSite(fileURLToPath(dir));
        if (pages === 0) throw new Error('pagefind indexed 0 pages: the post layout must mark its article with data-pagefind-body');
        logger.info(`indexed ${pages} pages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      },
    },
  };
}
