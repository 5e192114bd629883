// @ts-check
/**
 * Receptive's Astro configuration. Markdown/MDX goes through `@astrojs/markdown-remark`'s unified() processor
 * (Astro 7's default Sätteri processor ignores remark/rehype plugins), so math, mermaid and Shiki all render at build time.
 */
import { fileURLToPath } from 'node:url';
import { rehypeHeadingIds, unified } from '@astrojs/markdown-remark';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import remarkMath from 'remark-math';
import { demoAssets } from './site/integrations/demoAssets.ts';
import { offlineCache } from './site/integrations/offlineCache.ts';
import { pagefindIndex } from './site/integrations/pagefind.ts';
import { sitemapCanonical } from './site/integrations/sitemapCanonical.ts';
import { atomicOutput } from './site/lib/build/atomicOutput.ts';
import { cspConfig } from './site/lib/build/csp.ts';
import { diagramModules } from './site/lib/build/markdown/diagramModules.ts';
import { rehypeKatexCached, rehypeKatexRemember, rehypeKatexWhereLeft, rehypeMathErrors } from './site/lib/build/markdown/katexPlugins.ts';
import { plainCodeTokens } from './site/lib/build/markdown/plainCodeTokens.ts';
import { rehypeMermaid } from './site/lib/build/markdown/rehypeMermaid.ts';
import { rehypeReaderTools } from './site/lib/build/markdown/rehypeReaderTools.ts';
import { rehypeShikiCached } from './site/lib/build/markdown/rehypeShikiCached.ts';
import { remarkJekyllLayout } from './site/lib/build/markdown/remarkJekyllLayout.ts';
import { remarkMdxReferences } from './site/lib/build/markdown/remarkMdxReferences.ts';
import { remarkSmartypantsWhereNeeded } from './site/lib/build/markdown/remarkSmartypantsWhereNeeded.ts';
import { mdxComponentNames } from './site/lib/mdxComponentNames.ts';

export const SITE = 'https://receptive.example';

/** Rendered diagrams, committed so that builds need no browser: rehypeMermaid fills it, diagramModules serves it. */
const DIAGRAM_CACHE = fileURLToPath(new URL('./site/diagrams/cache/', import.meta.url));

/** Code highlighting: Shiki at build time, both themes in one copy, no client JS. */
const SHIKI = {
  // High-contrast variants: the plain GitHub themes' comment and string colours fail WCAG AA contrast (axe).
  themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
  defaultColor: /** @type {const} */ (false),
  wrap: false,
  // Tokens in the block's own colours as plain text: they look the same, and a block has far fewer elements.
  transformers: [plainCodeTokens],
};

export default defineConfig({
  site: SITE,
  srcDir: './site',
  publicDir: './site/public',
  outDir: './dist',
  // Tests that sync fixture content keep Astro's content cache away from the real one.
  cacheDir: process.env.RECEPTIVE_ASTRO_CACHE_DIR ?? './node_modules/.astro',
  trailingSlash: 'always',
  build: { format: 'directory' },
  markdown: {
    processor: unified({
      // Astro's SmartyPants, skipped on documents where it would change nothing (most of them, and 6% of the build).
      smartypants: false,
      remarkPlugins: [
        remarkSmartypantsWhereNeeded,
        remarkMath,
        remarkJekyllLayout,
        [remarkMdxReferences, { components: mdxComponentNames }],
      ],
      rehypePlugins: [
        // Astro's Shiki step (syntaxHighlight is off below so it does not run twice), once per distinct code block.
        [rehypeShikiCached, { shikiConfig: SHIKI, excludeLangs: ['math', 'mermaid'] }],
        rehypeKatexCached,
        [rehypeKatexWhereLeft, { output: 'htmlAndMathml', throwOnError: true, strict: 'error' }],
        // rehype-katex catches KaTeX's errors and leaves a red span; this makes them fail the build, naming file and line.
        rehypeMathErrors,
        rehypeKatexRemember,
        [rehypeMermaid, { cacheDir: DIAGRAM_CACHE }],
        // Heading ids first (Astro keeps ids it finds), then the `#` anchors and code copy buttons that need them.
        rehypeHeadingIds,
        rehypeReaderTools,
      ],
    }),
    syntaxHighlight: false,
  },
  // Cross-origin isolation in dev and preview, as site/public/_headers asks of a static host: WASM threads need it.
  server: { headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } },
  // The post page's script (components/ReaderTools.astro) stays a file on our origin rather than an inlined, hashed copy.
  vite: {
    build: { assetsInlineLimit: (file) => (file.includes('ReaderTools.astro') ? false : undefined) },
    // The inference worker (site/lib/inference/ortWorker.ts) is a module worker that imports onnxruntime-web at run time.
    worker: { format: 'es' },
    // Each diagram of an MDX post as one module its pages import, not a copy in each page (diagramModules.ts says why).
    plugins: [diagramModules({ cacheDir: DIAGRAM_CACHE })],
  },
  // A Content-Security-Policy <meta> on every page; the policy, and why each source is allowed: site/lib/build/csp.ts.
  security: { csp: cspConfig },
  integrations: [
    // A post's static parts (KaTeX's spans, diagrams' SVG, prose) compile to HTML strings, not one JSX call per element:
    // the same DOM (the three posts compared tree by tree when this was turned on), and over 300 synthetic posts x 3
    // languages the bundling step took 42 s instead of 65 s and page rendering 8 s instead of 17 s.
    mdx({ optimize: true }),
    // Babel (which @astrojs/preact always runs) only where there is JSX: without `include` it also parsed and printed
    // every .ts module of ours, twice per build (server and client), ~2 s of CPU for nothing.
    preact({ include: ['**/*.tsx'] }),
    demoAssets(),
    sitemap({
      filter: (page) => !page.endsWith('/404/') && page !== `${SITE}/`,
      i18n: { defaultLocale: 'ko', locales: { ko: 'ko', en: 'en', ja: 'ja' } },
    }),
    // After sitemap: fallback pages name the original as canonical, so the sitemap must not list them.
    sitemapCanonical(),
    // Search: one Pagefind index per language, built over dist/ once the pages are written.
    pagefindIndex(),
    // After Pagefind: the service worker's version hashes every file the build wrote, Pagefind's included.
    offlineCache(),
    // Last: the build is written to dist.partial/ and swapped into dist/ only when every step above succeeded.
    atomicOutput(),
  ],
});
