/**
 * `npm run import-jekyll` end to end: the look-alike Jekyll site (tests/fixtures/jekyll/site: Korean and Chinese posts
 * with Liquid, kramdown, HTML, math and code) and the seed post are imported into a temp content folder, which one
 * real `astro build` turns into pages; every sentence of each source outside code is on its page. The seed post, run
 * through the importer, reads the same as content/posts/cnn-basic/ko.mdx (figures aside).
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AstroRun, buildSite } from '../../scripts/lib/astroBuild.ts';
import { parsePostFileName, slugFromName } from '../../scripts/lib/jekyll/frontmatter.ts';
import { jekyllProse, mdxProse, missingSentences } from '../../scripts/lib/jekyll/prose.ts';
import { REPO_ROOT as projectRoot } from '../../site/lib/build/repoRoot.ts';
import { findOne, parseHtml, textOf } from '../helpers/articleStructure.ts';

const siteDir = path.join(projectRoot, 'tests/fixtures/jekyll/site');
const postsSource = path.join(siteDir, '_posts');
let workDir = '';
let postsDir = '';
let outDir = '';

/** The importer's CLI through npm, writing into `contentDir`. */
function importJekyll(contentDir: string, ...args: string[]) {
  const run = spawnSync('npm', ['run', '--silent', 'import-jekyll', '--', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, RECEPTIVE_CONTENT_DIR: contentDir },
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

async function filesUnder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true })).sort();
  } catch {
    return [];
  }
}

let firstRun: ReturnType<typeof importJekyll>;
let build: Pick<AstroRun, 'code' | 'output'>;
let seedFile = '';

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'receptive-jekyll-'));
  postsDir = path.join(workDir, 'posts');
  seedFile = path.join(workDir, 'cnn-basic.ko.md');
  await copyFile(path.join(projectRoot, 'tests/fixtures/cnn-basic.ko.seed.md'), seedFile);
  firstRun = importJekyll(postsDir, siteDir, seedFile);
  outDir = path.join(workDir, 'dist');
  build = await buildSite(postsDir, outDir, path.join(workDir, 'astro-work')).catch((error: Error) => ({ code: 1, output: error.message }));
}, 600_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const fixturePosts = async () => (await readdir(postsSource)).sort();

describe('importing the look-alike Jekyll site and the seed post', () => {
  it('writes every post and reports the changes with their lines', () => {
    expect(firstRun.code, firstRun.out).toBe(0);
    expect(firstRun.out).toMatch(/5 found: 5 written, 0 unchanged, 0 skipped, 0 failed; \d+ warnings/);
    expect(firstRun.out).toContain('fields dropped: author, header-img, header-mask, catalog');
    expect(firstRun.out).toMatch(/warning line 51: Liquid tag \{% include %\} is not supported/);
    expect(firstRun.out).toMatch(/warning line 27: <script> element dropped/);
    expect(firstRun.out).toContain('remote image -> credited link: https://example.com/remote/photo.jpg');
  });

  it('is idempotent: a second run writes nothing and succeeds', async () => {
    const before = await Promise.all((await filesUnder(postsDir)).map((f) => readFile(path.join(postsDir, f)).catch(() => null)));
    const again = importJekyll(postsDir, siteDir, seedFile);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('5 found: 0 written, 5 unchanged, 0 skipped, 0 failed');
    const after = await Promise.all((await filesUnder(postsDir)).map((f) => readFile(path.join(postsDir, f)).catch(() => null)));
    expect(after).toEqual(before);
  });

  it('builds with no failure', () => {
    expect(build.code, build.output.slice(-3000)).toBe(0);
  });

  it('puts every sentence of each post outside code on its page (drafts stay out)', async () => {
    for (const file of await fixturePosts()) {
      const source = await readFile(path.join(postsSource, file), 'utf8');
      const slug = slugFromName(parsePostFileName(file).name).slug;
      const page = path.join(outDir, 'ko', 'posts', slug, 'index.html');
      if (/published:\s*false/.test(source)) {
        await expect(readFile(page, 'utf8'), `${file} is a draft`).rejects.toThrow();
        continue;
      }
      const article = findOne(parseHtml(await readFile(page, 'utf8')), (e) => e.tagName === 'article', `<article> of ${file}`);
      const prose = jekyllProse(source, { useMath: /(use_math|mathjax):\s*true/.test(source) });
      expect(prose.length, file).toBeGreaterThan(5);
      expect(missingSentences(prose, textOf(article)), file).toEqual([]);
    }
  });

  it('keeps code byte for byte and loads nothing from another origin', async () => {
    const html = await readFile(path.join(outDir, 'ko/posts/liquid-and-code/index.html'), 'utf8');
    const text = textOf(parseHtml(html));
    expect(text).toContain('{% for post in site.posts %}');
    expect(text).toContain('print("{{ 그대로 }}")');
    expect(text).toContain('<h1>{{ page.title }}</h1>');
    expect(text).toContain('{% include ad-banner.html slot="top" %}');
    // HTML kept as HTML: class and style strings as written, void tags closed, an uppercase tag lower-cased.
    const htmlPost = await readFile(path.join(outDir, 'ko/posts/kramdown-html/index.html'), 'utf8');
    expect(htmlPost).toMatch(/<div class="notice" style="background: #eee; padding: 1em">\s*<p>상자 안의 <b>굵은<\/b> 문장입니다\.<br\/?>/);
    expect(htmlPost).toMatch(/<p align="center">대문자 태그로 쓴 문단입니다\.<\/p>/i);
    expect(htmlPost).not.toContain('onclick');
    expect(htmlPost).not.toContain('지워져야 합니다');
    // A Markdown include shown through a capture and markdownify: its text (and code) in the post, the Liquid gone.
    const included = textOf(parseHtml(htmlPost));
    expect(included).toContain('这段文字写在 _includes 文件夹里，由 markdownify 显示。');
    expect(included).toContain('const note = `{{ 不是 Liquid }}`;');
    expect(htmlPost).not.toMatch(/capture|about_zh/);
    for (const file of await fixturePosts()) {
      const slug = slugFromName(parsePostFileName(file).name).slug;
      const page = await readFile(path.join(outDir, 'ko', 'posts', slug, 'index.html'), 'utf8').catch(() => '');
      expect(page.match(/<(?:img|iframe|script|source)\b[^>]*\ssrc="(?:https?:)?\/\/[^"]*"/g) ?? [], file).toEqual([]);
    }
  });

  it('gives the seed post the text of content/posts/cnn-basic/ko.mdx, figures aside', async () => {
    const imported = await readFile(path.join(postsDir, 'cnn-basic/ko.mdx'), 'utf8');
    const original = await readFile(path.join(projectRoot, 'content/posts/cnn-basic/ko.mdx'), 'utf8');
    const importedProse = mdxProse(imported);
    const originalProse = mdxProse(original);
    // ko.mdx adds, next to its VGG figure, two sentences that explain the figure's numbers, and the heading of its
    // generated 'About the models' section; the rest is the seed's text.
    const addedWithFigures = originalProse.filter((s) => !importedProse.includes(s));
    expect(addedWithFigures).toEqual([
      '입력과 출력 channel 한 쌍에 대해 세어 보면, 3x3 filter 세 개를 쌓은 층은 7x7 filter 하나와 같은 receptive field를 보면서도 가중치는 더 적습니다.',
      '채널이',
      '개일 때는 각각',
      '이므로 약',
      '를 줄일 수 있고, receptive field는',
      '로 같습니다.',
      'PyTorch로 직접 세어 보면 다음과 같습니다.',
      '이 글의 모델에 대하여',
    ]);
    expect(originalProse.filter((s) => !addedWithFigures.includes(s))).toEqual(importedProse);
    // The frontmatter reads the same too, but for the title's typo that ko.mdx fixed ("VGG<" → "VGG,").
    for (const field of ['subtitle', 'categories', 'tags', 'comments', 'use_math', 'layout']) {
      const line = (text: string) => new RegExp(`^${field}:\\s*(.*)$`, 'm').exec(text)?.[1]?.replace(/[[\]"]/g, '');
      expect(line(imported), field).toBe(line(original));
    }
    expect(/^title: (.*)$/m.exec(imported)?.[1]?.replace('VGG<', 'VGG,')).toBe(/^title: (.*)$/m.exec(original)?.[1]);
  });
});

describe('the importer refuses what it cannot do safely', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'receptive-jekyll-cli-'));
    await mkdir(path.join(dir, 'blog/_posts'), { recursive: true });
    await writeFile(path.join(dir, 'blog/_posts/2017-01-01-same.md'), '---\ntitle: One\n---\n\n첫 글입니다.\n');
    await writeFile(path.join(dir, 'blog/_posts/2018-01-01-same.markdown'), '---\ntitle: Two\n---\n\n둘째 글입니다.\n');
    await writeFile(path.join(dir, 'blog/_posts/2019-01-01-bad-date.md'), '---\ntitle: Bad\ndate: someday\n---\n\n본문.\n');
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes nothing on --dry-run', async () => {
    const run = importJekyll(path.join(dir, 'out'), path.join(dir, 'blog'), '--dry-run');
    expect(run.out).toContain('3 found: 1 to write, 0 unchanged, 0 skipped, 2 failed');
    expect(await filesUnder(path.join(dir, 'out'))).toEqual([]);
  });

  it('reports a shared slug and an unreadable date, writes the rest, and exits non-zero', async () => {
    const run = importJekyll(path.join(dir, 'out'), path.join(dir, 'blog'));
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/FAILED: .*2018-01-01-same\.markdown .*slug "same" \(ko\) is already taken by .*2017-01-01-same\.md/);
    expect(run.out).toMatch(/FAILED: .*2019-01-01-bad-date\.md .*field "date": "someday"/);
    expect(await readFile(path.join(dir, 'out/same/ko.mdx'), 'utf8')).toContain('첫 글입니다.');
  });

  it('does not overwrite a changed post without --force', async () => {
    const target = path.join(dir, 'out/same/ko.mdx');
    await writeFile(target, `${await readFile(target, 'utf8')}\n손으로 고친 문장입니다.\n`);
    const single = path.join(dir, 'blog/_posts/2017-01-01-same.md');
    const refused = importJekyll(path.join(dir, 'out'), single);
    expect(refused.code).toBe(0);
    expect(refused.out).toMatch(/skipped: .* exists and differs; --force overwrites it/);
    expect(await readFile(target, 'utf8')).toContain('손으로 고친 문장입니다.');
    const forced = importJekyll(path.join(dir, 'out'), single, '--force');
    expect(forced.out).toContain('1 found: 1 written');
    expect(await readFile(target, 'utf8')).not.toContain('손으로 고친 문장입니다.');
  });
});
