/** A post made by `npm run new-post` (and a translation by `npm run new-translation`) builds as it is. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../scripts/lib/astroBuild.ts';

const SLUG = 'scaffolded-post';
let work: string;
let posts: string;
let out: string;

/** Runs one of the npm scripts' TypeScript entry points the way `npm run` does (Node 22 + the resolve hook). */
function runScript(script: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ['--import', './scripts/lib/ts-resolve.mjs', script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, RECEPTIVE_CONTENT_DIR: posts },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scaffold-build-'));
  posts = join(work, 'posts');
  out = join(work, 'dist');
  const made = runScript('scripts/new-post.ts', [SLUG, '--title', '스캐폴드 글', '--tag', 'test', '--math']);
  expect(made.status, made.output).toBe(0);
  const translated = runScript('scripts/new-translation.ts', [SLUG, 'en']);
  expect(translated.status, translated.output).toBe(0);
  await buildSite(posts, out, join(work, 'astro-work'));
}, 300_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a scaffolded post', () => {
  it('builds into its post page with the title it was given', async () => {
    const html = await readFile(join(out, 'ko', 'posts', SLUG, 'index.html'), 'utf8');
    expect(html).toContain('스캐폴드 글');
    expect(existsSync(join(out, 'ko', 'tags', 'test', 'index.html'))).toBe(true);
  });

  it('keeps its started translation unpublished (draft) until it is translated', async () => {
    // /en/ still has the post, as every locale does: the Korean original under a "not translated yet" notice.
    const html = await readFile(join(out, 'en', 'posts', SLUG, 'index.html'), 'utf8');
    expect(html).toMatch(/<article[^>]*lang="ko"/);
    expect(html).toContain('data-kind="fallback"');
    expect(html).toContain('스캐폴드 글');
  });

  it('puts only the original in the sitemap: the fallback pages name it as their canonical', async () => {
    const sitemap = await readFile(join(out, 'sitemap-0.xml'), 'utf8');
    expect(sitemap).toContain(`<loc>https://receptive.example/ko/posts/${SLUG}/</loc>`);
    for (const lang of ['en', 'ja']) {
      const html = await readFile(join(out, lang, 'posts', SLUG, 'index.html'), 'utf8');
      expect(html).toContain(`<link rel="canonical" href="https://receptive.example/ko/posts/${SLUG}/"`);
      expect(sitemap).not.toContain(`/${lang}/posts/${SLUG}/`);
    }
    expect(sitemap).toContain('<loc>https://receptive.example/ja/</loc>');
  });

  it('refuses to overwrite it', () => {
    const again = runScript('scripts/new-post.ts', [SLUG]);
    expect(again.status).toBe(1);
    expect(again.output).toMatch(/already exists/);
  });
});
