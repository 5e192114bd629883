/**
 * Bad frontmatter fails the real `astro sync` (the content step of `astro build`) with a message that names the file
 * and the field. Each case writes a fixture post into a temp content dir (RECEPTIVE_CONTENT_DIR) with its own Astro
 * cache dir, so the project's own content and cache are untouched.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAstro } from '../helpers/build-site';

const roots: string[] = [];

async function syncFixture(file: string, frontmatter: string): Promise<{ code: number | null; output: string; postFile: string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'receptive-fm-'));
  roots.push(root);
  const postFile = path.join(root, 'posts', file);
  await mkdir(path.dirname(postFile), { recursive: true });
  await writeFile(postFile, `---\n${frontmatter}\n---\n\n본문입니다.\n`);
  const result = await runAstro(['sync'], {
    RECEPTIVE_CONTENT_DIR: path.join(root, 'posts'),
    RECEPTIVE_ASTRO_CACHE_DIR: path.join(root, 'cache'),
  });
  return { ...result, postFile };
}

afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

describe('astro sync with bad frontmatter', () => {
  it('fails on a missing title, naming the file and the field', async () => {
    const { code, output, postFile } = await syncFixture('hello/ko.mdx', 'date: 2026-01-01');
    expect(code).not.toBe(0);
    expect(output).toContain(`Invalid frontmatter in ${postFile}`);
    expect(output).toMatch(/field "title": is required/);
  });

  it('fails on a wrong type, naming the file and the field', async () => {
    const { code, output, postFile } = await syncFixture('typed/ko.mdx', 'title: Hello\ndate: 2026-01-01\nuse_math: "yes"');
    expect(code).not.toBe(0);
    expect(output).toContain(`Invalid frontmatter in ${postFile}`);
    expect(output).toMatch(/field "use_math": Invalid input: expected boolean, received string/);
  });

  it('fails on an unknown language in the file name', async () => {
    const { code, output, postFile } = await syncFixture('hello/fr.mdx', 'title: Bonjour\ndate: 2026-01-01');
    expect(code).not.toBe(0);
    expect(output).toContain(`Invalid frontmatter in ${postFile}`);
    expect(output).toMatch(/field "lang": .*"ko"\|"en"\|"ja"/);
  });

  it('fails when lang disagrees with the file name', async () => {
    const { code, output, postFile } = await syncFixture('hello/ko.mdx', 'title: Hello\nlang: en\ndate: 2026-01-01');
    expect(code).not.toBe(0);
    expect(output).toContain(`Invalid frontmatter in ${postFile}: field "lang" is "en" but the file name says "ko"`);
  });

  it('fails on an unknown field', async () => {
    const { code, output, postFile } = await syncFixture('hello/ja.mdx', 'title: こんにちは\ndate: 2026-01-01\nauthor: me');
    expect(code).not.toBe(0);
    expect(output).toContain(`Invalid frontmatter in ${postFile}`);
    expect(output).toMatch(/field "author": unknown field \(allowed: title, /);
  });

  it('accepts good Jekyll frontmatter and takes lang from the file name', async () => {
    const { code, output } = await syncFixture(
      'hello/en.mdx',
      'layout: post\ntitle: Hello\ndate: 2026-01-01\ntags: a b\ncategories: study',
    );
    expect(output).not.toContain('Invalid frontmatter');
    expect(code).toBe(0);
  });
});
