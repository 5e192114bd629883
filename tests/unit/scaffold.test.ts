import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPost, createTranslation, renderNewPost, titleFromSlug, validateSlug } from '../../scripts/lib/scaffold.ts';
import { postTranslationStatus, readTranslationFields, sourceHash } from '../../site/lib/build/translationStatus.ts';

describe('validateSlug', () => {
  it('accepts lowercase hyphenated ASCII words', () => {
    expect(validateSlug('cnn-basic')).toBe('cnn-basic');
    expect(validateSlug('resnet50')).toBe('resnet50');
  });

  it.each([
    ['', /missing slug/],
    ['CNN', /not valid/],
    ['cnn_basic', /not valid/],
    ['cnn--basic', /not valid/],
    ['-cnn', /not valid/],
    ['합성곱', /not valid/],
    ['a'.repeat(81), /81 characters/],
  ])('rejects %j with a message that says why', (slug, message) => {
    expect(() => validateSlug(slug)).toThrow(message);
  });
});

describe('renderNewPost', () => {
  it('writes frontmatter with the fields the schema needs', () => {
    const text = renderNewPost({ slug: 'batch-norm', date: '2026-12-01', tags: ['dl', '정규화'], useMath: true });
    expect(text).toMatch(/^---\ntitle: "Batch norm"\n/);
    expect(text).toContain('\ndate: 2026-12-01\n');
    expect(text).toContain('\nlang: ko\n');
    expect(text).toContain('\ntags: ["dl", "정규화"]\n');
    expect(text).toContain('\nuse_math: true\n');
    expect(titleFromSlug('batch-norm')).toBe('Batch norm');
  });

  it('refuses values the schema rejects, naming the field', () => {
    expect(() => renderNewPost({ slug: 'x', title: '' })).toThrow(/field "title"/);
    expect(() => renderNewPost({ slug: 'x', date: '2026-13-45' })).toThrow(/date "2026-13-45"/);
  });
});

describe('createPost and createTranslation', () => {
  let posts: string;
  beforeEach(async () => {
    posts = await mkdtemp(join(tmpdir(), 'scaffold-'));
  });
  afterEach(async () => {
    await rm(posts, { recursive: true, force: true });
  });

  it('creates <slug>/ko.mdx and refuses to overwrite it', async () => {
    const file = await createPost(posts, { slug: 'batch-norm', title: '배치 정규화' });
    expect(file).toBe(join(posts, 'batch-norm', 'ko.mdx'));
    expect(await readFile(file, 'utf8')).toContain('title: "배치 정규화"');
    await writeFile(file, 'edited by hand');
    await expect(createPost(posts, { slug: 'batch-norm' })).rejects.toThrow(/already exists.*nothing was written/);
    expect(await readFile(file, 'utf8')).toBe('edited by hand');
  });

  it('starts a translation that records the hash of the Korean source', async () => {
    const source = await createPost(posts, { slug: 'batch-norm', title: '배치 정규화', tags: ['dl'] });
    const { file, hash } = await createTranslation(posts, 'batch-norm', 'ja');
    const text = await readFile(file, 'utf8');
    expect(hash).toBe(sourceHash(await readFile(source, 'utf8')));
    expect(readTranslationFields(text)).toEqual({ lang: 'ja', translationOf: 'ko', sourceHash: hash });
    expect(text).toContain('draft: true');
    expect(text).toContain('tags: ["dl"]');
    const status = postTranslationStatus(join(posts, 'batch-norm'), 'batch-norm', ['ko', 'en', 'ja']);
    expect(status.locales.find((entry) => entry.locale === 'ja')?.state).toBe('up to date');

    await expect(createTranslation(posts, 'batch-norm', 'ja')).rejects.toThrow(/already exists/);
    await expect(createTranslation(posts, 'batch-norm', 'ko')).rejects.toThrow(/original language/);
    await expect(createTranslation(posts, 'no-such-post', 'en')).rejects.toThrow(/no post "no-such-post"/);
  });
});
