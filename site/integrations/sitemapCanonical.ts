/**
 * Astro integration, listed after @astrojs/sitemap: rewrites the sitemap files it wrote so they hold only canonical URLs
 * (fallback pages out, and out of every hreflang list), reading each page's own `<link rel="canonical">` from the build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { canonicalHref, keepCanonical } from '../lib/sitemapCanonical.ts';

export function sitemapCanonical(): AstroIntegration {
  return {
    name: 'receptive:sitemap-canonical',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const canonicalOf = (loc: string): string | undefined => {
          const page = join(out, decodeURIComponent(new URL(loc).pathname), 'index.html');
          return existsSync(page) ? canonicalHref(readFileSync(page, 'utf8')) : undefined;
        };
        const sitemaps = (await readdir(out)).filter((f) => /^sitemap-\d+\.xml$/.test(f));
        if (sitemaps.length === 0) throw new Error(`no sitemap-N.xml in ${out}: list this integration after @astrojs/sitemap`);
        let dropped = 0;
        for (const file of sitemaps) {
          const path = join(out, file);
          const result = keepCanonical(await readFile(path, 'utf8'), canonicalOf);
          if (result.dropped.length > 0) await writeFile(path, result.xml);
          dropped += result.dropped.length;
        }
        logger.info(`${dropped} fallback page(s) left out of the sitemap (their canonical is the original)`);
      },
    },
  };
}
