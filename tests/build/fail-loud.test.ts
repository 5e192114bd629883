/**
 * Every bad post either builds as written or stops `astro build` with a message naming the file and the field or
 * line:column, and a failed build leaves the previous output exactly as it was. Real builds of temp content folders
 * (RECEPTIVE_CONTENT_DIR) into one temp output folder, in order: a good build (the tag slug rule, Jekyll tag strings),
 * then three failing builds into the same output: the posts folder and its frontmatter (every such problem is
 * reported by one load), an MDX file with an undefined component and a missing import, and broken math.
 * Each case is a row of CONTRIBUTING's "What the build checks" table.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAstro } from '../../scripts/lib/astroBuild.ts';

type Posts = Record<string, string | Buffer>;

const post = (frontmatter: string, body = 'body') => `---\n${frontmatter}\n---\n\n${body}\n`;

let root: string;
let out: string;

/** Writes `posts` into a fresh content folder and runs `astro build` of it into `out`. */
async function build(name: string, posts: Posts): Promise<{ code: number | null; output: string; dir: string }> {
  const dir = path.join(root, name, 'posts');
  for (const [file, text] of Object.entries(posts)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  const result = await runAstro(['build', '--outDir', out], {
    RECEPTIVE_CONTENT_DIR: dir,
    RECEPTIVE_ASTRO_CACHE_DIR: path.join(root, name, 'cache'),
  });
  return { ...result, dir };
}

/** Every file of a folder with its size and content hash, to tell whether a failed build touched it. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const size = statSync(file).size;
    // Hash the small files (every page); the large copied assets (wasm, models) by size only.
    files[path.relative(dir, file)] = size < 1_000_000 ? createHash('sha256').update(readFileSync(file)).digest('hex') : `${size} bytes`;
  }
  return files;
}

const GOOD: Posts = {
  'alpha/ko.mdx': post('title: Alpha\ndate: 2026-01-01\ntags: [dl]'),
  'beta/ko.mdx': post('title: Beta\ndate: 2026-01-02\ntags: [DL, "a/b", "100%", "what?", "x#y", "../up"]'),
  'gamma/ko.mdx': post('title: Gamma\ndate: 2026-01-03\ntags: "p, q"\ncategories: "Study, ML"'),
};

const FOLDER: Posts = {
  'stray.mdx': post('title: Stray\ndate: 2026-01-01'),
  'nested/sub/ko.mdx': post('title: Nested\ndate: 2026-01-01'),
  'markdown/ko.markdown': post('title: Markdown\ndate: 2026-01-01'),
  'dup/ko.md': post('title: Md\ndate: 2026-01-01'),
  'dup/ko.mdx': post('title: Mdx\ndate: 2026-01-01'),
  'ZZ-Test/ko.mdx': post('title: Upper\ndate: 2026-01-01'),
  'zz-test/ko.mdx': post('title: Lower\ndate: 2026-01-01'),
  'hello world?/ko.mdx': post('title: Spaces\ndate: 2026-01-01'),
  // "한글" in EUC-KR.
  'euckr/ko.mdx': Buffer.concat([
    Buffer.from('---\ntitle: '),
    Buffer.from([0xc7, 0xd1, 0xb1, 0xdb]),
    Buffer.from('\ndate: 2026-01-01\n---\n\nbody\n'),
  ]),
  'orphan/ja.mdx': post('title: Orphan\ndate: 2026-01-01\ntranslationOf: ko\nsourceHash: 0123456789abcdef'),
  'feb30/ko.mdx': post('title: Feb\ndate: 2026-02-30'),
  'yesterday/ko.mdx': post('title: Yesterday\ndate: yesterday'),
  'month13/ko.mdx': post('title: Month\ndate: 2026-01-01\nupdated: 2026-13-01'),
  'dots/ko.mdx': post('title: Dots\ndate: 2026-01-01\ntags: [ok, ".."]'),
  'hash/ko.mdx': post('title: Hash\ndate: 2026-01-01\ncategories: "#"'),
  'fine/ko.mdx': post('title: Fine\ndate: 2026-01-01'),
};

const MDX: Posts = {
  'widget/ko.mdx': post(
    'title: Widget\ndate: 2026-01-01',
    'import Real from "./nope.astro";\n\nSome text.\n\n<NopeWidget />\n\n<Figure caption="x">ok</Figure>',
  ),
};

const MATH: Posts = {
  'math/ko.mdx': post('title: Math\ndate: 2026-01-01\nuse_math: true', 'Fine $x^2$.\n\nBroken $\\frac{1}{$ here.'),
};

let good: Awaited<ReturnType<typeof build>>;
let before: Record<string, string>;
const failed: Record<'folder' | 'mdx' | 'math', Awaited<ReturnType<typeof build>> & { after: Record<string, string> }> = {} as never;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'receptive-loud-'));
  out = path.join(root, 'dist');
  good = await build('good', GOOD);
  before = existsSync(out) ? snapshot(out) : {};
  // One after the other: each failing build must leave the good build's output as it was.
  for (const [name, posts] of [
    ['folder', FOLDER],
    ['mdx', MDX],
    ['math', MATH],
  ] as const) {
    const result = await build(name, posts);
    failed[name] = { ...result, after: existsSync(out) ? snapshot(out) : {} };
  }
}, 900_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const page = (p: string) => readFileSync(path.join(out, p, 'index.html'), 'utf8');

describe('a good build', () => {
  it('succeeds', () => {
    expect(good.code, good.output.slice(-3000)).toBe(0);
  });

  it('makes DL and dl one tag page listing both posts', () => {
    const html = page('ko/tags/dl');
    expect(html).toContain('href="/ko/posts/alpha/"');
    expect(html).toContain('href="/ko/posts/beta/"');
    expect(readFileSync(path.join(out, 'ko/posts/beta/index.html'), 'utf8')).toContain('href="/ko/tags/dl/"');
  });

  it('turns /, %, ?, # and .. in tag names into safe path segments', () => {
    const tags = readdirSync(path.join(out, 'ko/tags')).sort();
    expect(tags).toEqual(['100', 'a-b', 'dl', 'p', 'q', 'up', 'what', 'x-y']);
    expect(existsSync(path.join(out, 'sitemap-index.xml'))).toBe(true);
  });

  it('splits Jekyll tag and category strings on commas and spaces', () => {
    expect(page('ko/tags/p')).toContain('href="/ko/posts/gamma/"');
    expect(readdirSync(path.join(out, 'ko/categories')).sort()).toEqual(['ml', 'study']);
  });
});

describe('a build of a bad posts folder', () => {
  const output = () => failed.folder.output;
  const line = (file: string) => {
    const where = path.join(failed.folder.dir, file);
    const found = output()
      .split('\n')
      .filter((l) => l.includes(where));
    expect(found, `no line names ${file}:\n${output().slice(0, 4000)}`).not.toEqual([]);
    return found.join('\n');
  };

  it('fails', () => {
    expect(failed.folder.code).not.toBe(0);
  });

  it('names a post outside <slug>/<lang>.mdx', () => {
    expect(line('stray.mdx')).toMatch(/not in a post folder/);
    expect(line('nested/sub/ko.mdx')).toMatch(/nested folder/);
    expect(line('markdown/ko.markdown')).toMatch(/not a post file/);
  });

  it('names two sources for one page', () => {
    expect(line('dup/ko.md')).toMatch(/two sources for one page \(ko\.md and ko\.mdx\)/);
  });

  it('names slugs that differ only in case', () => {
    expect(line('ZZ-Test')).toMatch(/"ZZ-Test" and "zz-test" differ only in case/);
  });

  it('names a post folder whose name cannot be a URL path', () => {
    expect(line('hello world?')).toMatch(/the folder name "hello world\?" is the post's URL .* \(for example to "hello-world"\)/);
  });

  it('names a file that is not UTF-8, with line and column', () => {
    expect(line('euckr/ko.mdx:2:8')).toMatch(/is not UTF-8 \(byte 0xc7 at line 2, column 8\); save the file as UTF-8/);
  });

  it('names a translation whose original does not exist', () => {
    expect(line('orphan/ja.mdx')).toMatch(/field "translationOf": names the original orphan\/ko\.mdx, which does not exist/);
  });

  it('names impossible dates and words instead of dates', () => {
    expect(output()).toMatch(/feb30\/ko\.mdx: \n {2}- field "date": 2026-02-30 is not a day of the calendar \(February 2026 has 28 days\)/);
    expect(output()).toMatch(/month13\/ko\.mdx: \n {2}- field "updated": 2026-13-01 is not a day of the calendar/);
    expect(output()).toMatch(/yesterday\/ko\.mdx: \n {2}- field "date": "yesterday" is not a date; write it as YYYY-MM-DD/);
  });

  it('names tags and categories that cannot be a path', () => {
    expect(output()).toMatch(/dots\/ko\.mdx: \n {2}- field "tags\.1": "\.\." has no letter or digit/);
    expect(output()).toMatch(/hash\/ko\.mdx: \n {2}- field "categories": "#" has no letter or digit/);
  });

  it('does not blame the good post next to them', () => {
    expect(output()).not.toContain(path.join(failed.folder.dir, 'fine/ko.mdx'));
  });
});

describe('a build of MDX with undefined names', () => {
  it('fails naming the file, line and column of an undefined component and of a missing import', () => {
    const { code, output, dir } = failed.mdx;
    expect(code).not.toBe(0);
    const file = path.join(dir, 'widget/ko.mdx');
    expect(output).toContain(`${file}:6:1: import "./nope.astro" names no file`);
    expect(output).toContain(`${file}:10:1: <NopeWidget> is not a component this post can use`);
  });
});

describe('a build with broken math', () => {
  it('fails naming the file, line:column and the formula', () => {
    const { code, output, dir } = failed.math;
    expect(code).not.toBe(0);
    expect(output).toContain(`${path.join(dir, 'math/ko.mdx')}:9:8: the formula $\\frac{1}{$ cannot be rendered by KaTeX`);
  });
});

describe('a failed build', () => {
  it.each(['folder', 'mdx', 'math'] as const)('(%s) leaves the previous output as it was and no staging folder', (name) => {
    expect(Object.keys(before).length).toBeGreaterThan(10);
    expect(failed[name].after).toEqual(before);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });
});
