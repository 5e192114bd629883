/**
 * Acceptance on a real Jekyll blog, which stays out of the repository: set JEKYLL_BLOG to its site root (or _posts
 * folder) and run this file. Every post is imported into a temp content folder, one `astro build` must succeed, and
 * every written post's sentences outside code must be on its page. The figures are printed for the record.
 *
 *   JEKYLL_BLOG=/path/to/blog npm test -- tests/build/import-jekyll-blog.test.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AstroRun, buildSite } from '../../scripts/lib/astroBuild.ts';
import { jekyllProse, missingSentences } from '../../scripts/lib/jekyll/prose.ts';
import { REPO_ROOT as projectRoot } from '../../site/lib/build/repoRoot.ts';
import { findOne, parseHtml, textOf } from '../helpers/articleStructure.ts';

const blog = process.env.JEKYLL_BLOG;
let workDir = '';
let outDir = '';
let report = '';
let build: Pick<AstroRun, 'code' | 'output'> = { code: null, output: '' };

describe.skipIf(!blog)(`importing the Jekyll blog at ${blog}`, () => {
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'receptive-blog-'));
    const postsDir = path.join(workDir, 'posts');
    const run = spawnSync('npm', ['run', '--silent', 'import-jekyll', '--', blog as string], {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { ...process.env, RECEPTIVE_CONTENT_DIR: postsDir },
    });
    report = `${run.stdout}${run.stderr}`;
    outDir = path.join(workDir, 'dist');
    const started = performance.now();
    build = await buildSite(postsDir, outDir, path.join(workDir, 'astro-work')).catch((error: Error) => ({
      code: 1,
      output: error.message,
    }));
    console.log(
      `${report.trim().split('\n').at(-1)}\nastro build: exit ${build.code}, ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }, 1_200_000);

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('builds with no failure', () => {
    expect(build.code, build.output.slice(-3000)).toBe(0);
  });

  it("puts every written post's sentences outside code on its page", async () => {
    const written = [...report.matchAll(/^written: (.+) -> (.+)\/([a-z0-9-]+)\/(ko|en|ja)\.mdx$/gm)];
    expect(written.length).toBeGreaterThan(0);
    let sentences = 0;
    const missing: string[] = [];
    for (const [, source, , slug, lang] of written) {
      const text = await readFile(source as string, 'utf8');
      const mdx = await readFile(path.join(workDir, 'posts', slug as string, `${lang}.mdx`), 'utf8');
      if (/^draft: true$/m.test(mdx)) continue;
      const prose = jekyllProse(text, { useMath: /^use_math: true$/m.test(mdx) });
      const html = await readFile(path.join(outDir, lang as string, 'posts', slug as string, 'index.html'), 'utf8');
      const article = findOne(parseHtml(html), (e) => e.tagName === 'article', `<article> of ${source}`);
      sentences += prose.length;
      missing.push(...missingSentences(prose, textOf(article)).map((s) => `${source}: ${s}`));
    }
    console.log(`${written.length} posts written, ${sentences} sentences checked, ${missing.length} missing`);
    expect(missing).toEqual([]);
  });
});
