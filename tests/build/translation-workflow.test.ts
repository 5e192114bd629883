/**
 * The translation workflow on a temporary copy of the content: the Korean source changes (both translations go stale),
 * then a translation is removed (missing); one build of that copy must give a fallback page, not a 404.
 */
import { spawnSync } from 'node:child_process';
import { appendFile, cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAstro } from '../../scripts/lib/astroBuild.ts';
import { REPO_ROOT } from '../../site/lib/build/repoRoot.ts';
import { articleStructure, attr, descendants, findOne, hasClass, parseHtml, textOf } from '../helpers/articleStructure.ts';

const slug = 'cnn-basic';
let workDir = '';
let postsDir = '';
/** Astro's prerender step must resolve node_modules from the output, so the output lives inside the project (git-ignored). */
let outDir = '';

/** `npm run i18n:status` against the temporary posts folder, through the same env var the build reads. */
function status(...args: string[]) {
  const run = spawnSync('npm', ['run', '--silent', 'i18n:status', '--', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, RECEPTIVE_CONTENT_DIR: postsDir },
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'receptive-i18n-'));
  postsDir = path.join(workDir, 'posts');
  await cp(path.join(REPO_ROOT, 'content/posts'), postsDir, { recursive: true });
  await mkdir(path.join(REPO_ROOT, 'node_modules/.receptive-tests'), { recursive: true });
  outDir = await mkdtemp(path.join(REPO_ROOT, 'node_modules/.receptive-tests/i18n-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('i18n:status on a temporary copy of the content', () => {
  it('starts up to date', () => {
    const { code, out } = status('--check');
    expect(out).toContain(`${slug}  en  up to date`);
    expect(out).toContain(`${slug}  ja  up to date`);
    expect(code).toBe(0);
  });

  it('reports both translations stale once the Korean source changes, and --check fails', async () => {
    const source = path.join(postsDir, slug, 'ko.mdx');
    await appendFile(source, '\n새로 추가한 문장입니다.\n');
    expect(await readFile(source, 'utf8')).toContain('새로 추가한 문장입니다.');
    expect(status().code).toBe(0);
    const { code, out, err } = status('--check');
    expect(out).toContain(`${slug}  en  stale`);
    expect(out).toContain(`${slug}  ja  stale`);
    expect(code).toBe(1);
    expect(err).toContain('stale or missing');
  });

  it('reports a removed translation missing', async () => {
    await rm(path.join(postsDir, slug, 'ja.mdx'));
    const { code, out } = status('--check');
    expect(out).toContain(`${slug}  ja  missing`);
    expect(out).toContain(`${slug}  en  stale`);
    expect(code).toBe(1);
  });
});

describe('one build of that copy (Korean source changed, ja.mdx removed)', () => {
  let build: { code: number | null; output: string };
  const page = (lang: string) => readFile(path.join(outDir, lang, 'posts', slug, 'index.html'), 'utf8');

  beforeAll(async () => {
    build = await runAstro(['build', '--outDir', outDir], {
      RECEPTIVE_CONTENT_DIR: postsDir,
      RECEPTIVE_ASTRO_CACHE_DIR: path.join(workDir, 'astro-cache'),
    });
  }, 600_000);

  it('succeeds', () => {
    expect(build.code, build.output.slice(-3000)).toBe(0);
  });

  it('gives /ja/posts/cnn-basic/ a fallback page: the Korean original, a Japanese notice, no 404', async () => {
    const html = await page('ja');
    const document = parseHtml(html);
    expect(
      attr(
        findOne(document, (e) => e.tagName === 'html', '<html>'),
        'lang',
      ),
    ).toBe('ja');
    const article = findOne(document, (e) => e.tagName === 'article', '<article>');
    expect(attr(article, 'lang')).toBe('ko');
    expect(textOf(article)).toContain('새로 추가한 문장입니다.');
    const notice = findOne(document, (e) => hasClass(e, 'translation-notice'), 'translation notice');
    expect(attr(notice, 'data-kind')).toBe('fallback');
    expect(attr(notice, 'lang')).toBe('ja');
    expect(textOf(notice)).toContain('日本語に翻訳されていない');
    const link = findOne(notice, (e) => e.tagName === 'a', 'link in the notice');
    expect(attr(link, 'href')).toBe(`/ko/posts/${slug}/`);
    const canonical = findOne(document, (e) => e.tagName === 'link' && attr(e, 'rel') === 'canonical', 'canonical link');
    expect(attr(canonical, 'href')).toBe(`https://receptive.example/ko/posts/${slug}/`);
    expect(articleStructure(html)).toEqual(articleStructure(await page('ko')));
    await expect(readFile(path.join(outDir, '404.html'), 'utf8')).resolves.toBeTruthy();
  });

  it('advertises only real versions in hreflang, but the switcher still offers all three locales', async () => {
    const document = parseHtml(await page('ja'));
    const hreflangs = descendants(document)
      .filter((e) => e.tagName === 'link' && attr(e, 'rel') === 'alternate' && attr(e, 'hreflang'))
      .map((e) => attr(e, 'hreflang'));
    expect(hreflangs).toEqual(['ko', 'en', 'x-default']);
    const switcher = findOne(document, (e) => hasClass(e, 'lang-switcher'), 'language switcher');
    const links = descendants(switcher).filter((e) => e.tagName === 'a');
    expect(links.map((a) => attr(a, 'href'))).toEqual(['ko', 'en', 'ja'].map((l) => `/${l}/posts/${slug}/`));
    expect(links.filter((a) => attr(a, 'data-fallback') !== undefined).map((a) => attr(a, 'hreflang'))).toEqual(['ja']);
  });

  it('shows the stale English translation with an English notice linking the original', async () => {
    const document = parseHtml(await page('en'));
    const notice = findOne(document, (e) => hasClass(e, 'translation-notice'), 'translation notice');
    expect(attr(notice, 'data-kind')).toBe('stale');
    expect(textOf(notice)).toContain('earlier version of the Korean original');
    expect(
      attr(
        findOne(notice, (e) => e.tagName === 'a', 'link in the notice'),
        'href',
      ),
    ).toBe(`/ko/posts/${slug}/`);
    expect(
      attr(
        findOne(document, (e) => e.tagName === 'article', '<article>'),
        'lang',
      ),
    ).toBe('en');
  });

  it('shows no notice on the original', async () => {
    expect(descendants(parseHtml(await page('ko'))).some((e) => hasClass(e, 'translation-notice'))).toBe(false);
  });
});
