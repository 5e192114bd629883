/** Timed `astro build`s for the benchmark: Receptive over a given posts folder, and a bare Astro + @astrojs/mdx project as the baseline. */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { buildEnv } from '../buildEnv.ts';

const REPO = new URL('../../../', import.meta.url).pathname;
const ASTRO = join(REPO, 'node_modules', '.bin', 'astro');

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

/** `times` output of bash: the children's user and system CPU time, e.g. "1m2.345s 0m5.100s". */
const CHILD_TIMES = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/;
/** GNU time's report of the build's maximum resident set size, in KiB. */
const PEAK_RSS = /^receptive-peak-rss-kib (\d+)$/m;

/**
 * Runs `astro build`; measures wall time and the CPU time of the build and everything it started (the mermaid browser
 * included), read from bash's `times`. CPU time hardly moves when other work shares the machine; wall time does.
 */
function runBuild(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ seconds: number; cpuSeconds: number; peakRssBytes: number }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const script = '/usr/bin/time -f \'receptive-peak-rss-kib %M\' "$@"; status=$?; times >&2; exit $status';
    const child = spawn('bash', ['-c', script, 'bench', process.execPath, ASTRO, 'build', ...args], {
      cwd,
      env: { ...buildEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) {
        fail(new Error(`astro build ${args.join(' ')} failed (exit ${code}):\n${log.slice(-4000)}`));
        return;
      }
      const cpu = CHILD_TIMES.exec(log);
      const cpuSeconds = cpu ? Number(cpu[1]) * 60 + Number(cpu[2]) + Number(cpu[3]) * 60 + Number(cpu[4]) : Number.NaN;
      const rss = PEAK_RSS.exec(log);
      done({ seconds: (performance.now() - started) / 1000, cpuSeconds, peakRssBytes: rss ? Number(rss[1]) * 1024 : Number.NaN });
    });
  });
}

/**
 * Builds this repository's site over `postsDir` into `outDir`, with its own Vite/content cache in `workDir` so the
 * benchmark never touches dist/ or the cache the dev server and tests use.
 */
export async function buildReceptive(postsDir: string, outDir: string, workDir: string): Promise<BuildResult> {
  await mkdir(workDir, { recursive: true });
  // Astro keeps its prerender chunks beside outDir when outDir is inside the project, but in the project's shared
  // .astro/ when it is not, where concurrent builds (tests, other tools) overwrite each other's chunks. So build
  // inside the project, in a folder of our own, then move the result.
  await mkdir(join(REPO, 'node_modules', '.cache'), { recursive: true }); // absent after a fresh npm ci
  const privateOut = await mkdtemp(join(REPO, 'node_modules', '.cache', 'receptive-build-'));
  const config = join(workDir, 'astro.bench.config.mjs');
  await writeFile(
    config,
    [
      `import base from ${JSON.stringify(join(REPO, 'astro.config.mjs'))};`,
      `export default { ...base, outDir: ${JSON.stringify(join(privateOut, 'dist'))}, cacheDir: ${JSON.stringify(join(workDir, 'cache'))} };`,
      '',
    ].join('\n'),
  );
  try {
    const time = await runBuild(['--root', REPO, '--config', relative(REPO, config)], { RECEPTIVE_CONTENT_DIR: postsDir }, REPO);
    await rm(outDir, { recursive: true, force: true });
    await cp(join(privateOut, 'dist'), outDir, {
      recursive: true,
      filter: (source) => !source.includes(`${join(privateOut, 'dist')}/.prerender`),
    });
    return { ...time, pages: await countHtml(outDir) };
  } finally {
    await rm(privateOut, { recursive: true, force: true });
  }
}

const BARE_FILES: Record<string, string> = {
  'package.json': '{ "name": "bare-astro-bench", "private": true, "type": "module" }\n',
  'astro.config.mjs':
    "import mdx from '@astrojs/mdx';\nimport { defineConfig } from 'astro/config';\n\nexport default defineConfig({ integrations: [mdx()] });\n",
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
      `  loader: glob({ base: ${JSON.stringify(postsDir)}, pattern: '*/*.mdx', generateId: ({ entry }) => entry.replace(/\\/ko\\.mdx$/, '') }),`,
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
  if (!(await stat(link).catch(() => undefined))) await symlink(join(REPO, 'node_modules'), link, 'dir');
}

/** Builds the bare project in `dir` (see createBareProject). */
export async function buildBare(dir: string): Promise<BuildResult> {
  const outDir = join(dir, 'dist');
  const time = await runBuild([], {}, dir);
  return { ...time, pages: await countHtml(outDir) };
}
