/** Timed `astro build`s for the benchmark: Receptive over a given posts folder, and a bare Astro + @astrojs/mdx project as the baseline. */
import { mkdir, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../site/lib/build/repoRoot.ts';
import { buildSite, runAstro } from '../astroBuild.ts';

export interface BuildResult {
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds (user + system) of the build and its child processes. */
  cpuSeconds: number;
  /** HTML pages written. */
  pages: number;
  /** Peak resident memory of the `astro build` process (its largest moment; a mermaid browser, if any, not included). */
  peakRssBytes: number;
}

async function countHtml(dir: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) count += await countHtml(join(dir, entry.name));
    else if (entry.name.endsWith('.html')) count++;
  }
  return count;
}

/** Builds this repository's site over `postsDir` into `outDir` (see buildSite), timed and with its pages counted. */
export async function buildReceptive(postsDir: string, outDir: string, workDir: string): Promise<BuildResult> {
  const { seconds, cpuSeconds, peakRssBytes } = await buildSite(postsDir, outDir, workDir);
  return { seconds, cpuSeconds, peakRssBytes, pages: await countHtml(outDir) };
}

/** The bare project's own Astro cache (content store, Vite's), inside it: node_modules there is a link to ours. */
export const BARE_CACHE_DIR = '.astro-cache';

const BARE_FILES: Record<string, string> = {
  'package.json': '{ "name": "bare-astro-bench", "private": true, "type": "module" }\n',
  'astro.config.mjs': `import mdx from '@astrojs/mdx';\nimport { defineConfig } from 'astro/config';\n\nexport default defineConfig({ cacheDir: './${BARE_CACHE_DIR}', integrations: [mdx()] });\n`,
  'src/components/Figure.astro':
    '---\nconst { caption, credit, creditHref } = Astro.props;\n---\n<figure><slot /><figcaption>{caption} <a href={creditHref}>{credit}</a></figcaption></figure>\n',
  'src/components/Credit.astro': '---\nconst { href } = Astro.props;\n---\n<a href={href}><slot /></a>\n',
  'src/layouts/Base.astro':
    '---\nconst { title } = Astro.props;\n---\n<html lang="ko"><head><meta charset="utf-8" /><title>{title}</title></head><body><slot /></body></html>\n',
  'src/pages/index.astro': [
    '---',
    "import { getCollection } from 'astro:content';",
    "import Base from '../layouts/Base.astro';",
    "const posts = await getCollection('posts');",
    '---',
    '<Base title="Posts"><ul>{posts.map((post) => <li><a href={"/posts/" + post.id + "/"}>{post.data.title}</a></li>)}</ul></Base>',
    '',
  ].join('\n'),
  'src/pages/posts/[...slug].astro': [
    '---',
    "import { getCollection, render } from 'astro:content';",
    "import Figure from '../../components/Figure.astro';",
    "import Credit from '../../components/Credit.astro';",
    "import Base from '../../layouts/Base.astro';",
    'export async function getStaticPaths() {',
    "  const posts = await getCollection('posts');",
    '  return posts.map((post) => ({ params: { slug: post.id }, props: { post } }));',
    '}',
    'const { post } = Astro.props;',
    'const { Content } = await render(post);',
    '---',
    '<Base title={post.data.title}><article><h1>{post.data.title}</h1><Content components={{ Figure, Credit }} /></article></Base>',
    '',
  ].join('\n'),
};

/** A bare Astro project in `dir` whose one collection reads `postsDir` (plain @astrojs/mdx: no remark/rehype plugins, no islands). */
export async function createBareProject(dir: string, postsDir: string): Promise<void> {
  const files: Record<string, string> = {
    ...BARE_FILES,
    'src/content.config.ts': [
      "import { defineCollection } from 'astro:content';",
      "import { glob } from 'astro/loaders';",
      "import { z } from 'astro/zod';",
      '',
      'const posts = defineCollection({',
      `  loader: glob({ base: ${JSON.stringify(postsDir)}, pattern: '*/*.mdx', generateId: ({ entry }) => entry.replace(/\\.mdx$/, '') }),`,
      '  schema: z.object({ title: z.string(), date: z.coerce.date() }),',
      '});',
      '',
      'export const collections = { posts };',
      '',
    ].join('\n'),
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  const link = join(dir, 'node_modules');
  if (!(await stat(link).catch(() => undefined))) await symlink(join(REPO_ROOT, 'node_modules'), link, 'dir');
}

/** Builds the bare project in `dir` (see createBareProject). */
export async function buildBare(dir: string): Promise<BuildResult> {
  const outDir = join(dir, 'dist');
  const { code, output, seconds, cpuSeconds, peakRssBytes } = await runAstro(['build'], {}, dir);
  if (code !== 0) throw new Error(`astro build of the bare project failed (exit ${code}):\n${output.slice(-4000)}`);
  return { seconds, cpuSeconds, peakRssBytes, pages: await countHtml(outDir) };
}
