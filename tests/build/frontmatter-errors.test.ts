/**
 * Bad frontmatter fails the real `astro sync` (the content step of `astro build`) with a message that names the file
 * and the field. Fixture posts go into a temp content dir (RECEPTIVE_CONTENT_DIR) with their own Astro cache dir, so
 * the project's content and cache are untouched. The loader reports every bad file of a load at once, so one sync
 * checks all the bad cases; a second sync checks that good Jekyll frontmatter passes.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAstro } from '../../scripts/lib/astroBuild.ts';

const roots: string[] = [];

async function syncFixture(posts: Record<string, string>): Promise<{ code: number | null; output: string; dir: string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'receptive-fm-'));
  roots.push(root);
  const dir = path.join(root, 'posts');
  for (const [file, frontmatter] of Object.entries(posts)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), `---\n${frontmatter}\n---\n\n본문입니다.\n`);
  }
  const result = await runAstro(['sync'], { RECEPTIVE_CONTENT_DIR: dir, RECEPTIVE_ASTRO_CACHE_DIR: path.join(root, 'cache') });
  return { ...result, dir };
}

let bad: Awaited<ReturnType<typeof syncFixture>>;
let good: Awaited<ReturnType<typeof syncFixture>>;

beforeAll(async () => {
  [bad, good] = await Promise.all([
    syncFixture({
      'no-title/ko.mdx': 'date: 2026-01-01',
      'wrong-type/ko.mdx': 'title: Hello\ndate: 2026-01-01\nuse_math: "yes"',
      'unknown-lang/fr.mdx': 'title: Bonjour\ndate: 2026-01-01',
      'lang-mismatch/ko.mdx': 'title: Hello\nlang: en\ndate: 2026-01-01',
      'unknown-field/ja.mdx': 'title: こんにちは\ndate: 2026-01-01\nauthor: me',
      'fine/ko.mdx': 'title: 괜찮은 글\ndate: 2026-01-01',
    }),
    syncFixture({ 'hello/en.mdx': 'layout: post\ntitle: Hello\ndate: 2026-01-01\ntags: a b\ncategories: study\ncomments: true' }),
  ]);
}, 240_000);

afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

/** The block of the error message about one fixture file. */
function reportFor(file: string): string {
  const start = bad.output.indexOf(`Invalid frontmatter in ${path.join(bad.dir, file)}`);
  expect(start, `no error names ${file}:\n${bad.output.slice(0, 3000)}`).toBeGreaterThanOrEqual(0);
  const next = bad.output.indexOf('Invalid frontmatter in ', start + 1);
  return bad.output.slice(start, next === -1 ? start + 600 : next);
}

describe('astro sync with bad frontmatter', () => {
  it('fails', () => {
    expect(bad.code).not.toBe(0);
    expect(bad.output).toContain('Invalid frontmatter in 5 posts');
  });

  it('names the file and the field of a missing title', () => {
    expect(reportFor('no-title/ko.mdx')).toMatch(/field "title": is required/);
  });

  it('names the file and the field of a wrong type', () => {
    expect(reportFor('wrong-type/ko.mdx')).toMatch(/field "use_math": Invalid input: expected boolean, received string/);
  });

  it('names the file and the field of an unknown language', () => {
    expect(reportFor('unknown-lang/fr.mdx')).toMatch(/field "lang": .*"ko"\|"en"\|"ja"/);
  });

  it('names the file when lang disagrees with the file name', () => {
    expect(reportFor('lang-mismatch/ko.mdx')).toMatch(/field "lang" is "en" but the file name says "ko"/);
  });

  it('names the file and an unknown field', () => {
    expect(reportFor('unknown-field/ja.mdx')).toMatch(/field "author": unknown field \(allowed: title, /);
  });

  it('does not blame the good post next to them', () => {
    expect(bad.output).not.toContain(path.join(bad.dir, 'fine/ko.mdx'));
  });
});

describe('astro sync with good Jekyll frontmatter', () => {
  it('passes, taking lang from the file name', () => {
    expect(good.output).not.toContain('Invalid frontmatter');
    expect(good.code).toBe(0);
  });
});
