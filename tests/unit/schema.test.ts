import { describe, expect, it } from 'vitest';
import { postSchema } from '../../site/content.config.ts';
import { describeIssues, entryId } from '../../site/lib/build/postsLoader.ts';

/** The seed's Jekyll frontmatter, as YAML parses it (dates become Date objects). */
const jekyll = {
  layout: 'post',
  title: '[DL] AlexNet, VGG, GoogLeNet을 통해 살펴보는 CNN 모델의 발전',
  subtitle: 'cnn basic',
  categories: 'study',
  tags: 'dl',
  comments: true,
  use_math: true,
  date: new Date('2026-11-29'),
  lang: 'ko',
};

function issuesOf(data: Record<string, unknown>): string[] {
  const result = postSchema.safeParse(data);
  expect(result.success).toBe(false);
  return result.success ? [] : describeIssues(result.error.issues, Object.keys(postSchema.shape));
}

describe('post frontmatter schema', () => {
  it('accepts the Jekyll fields of the seed and normalizes categories and tags to lists', () => {
    const post = postSchema.parse(jekyll);
    expect(post.categories).toEqual(['study']);
    expect(post.tags).toEqual(['dl']);
    expect(post.use_math).toBe(true);
    expect(post.draft).toBe(false);
    expect(post.date.toISOString().slice(0, 10)).toBe('2026-11-29');
  });

  it('splits space-separated tags like Jekyll and keeps lists as they are', () => {
    expect(postSchema.parse({ ...jekyll, tags: 'dl  cnn vision' }).tags).toEqual(['dl', 'cnn', 'vision']);
    expect(postSchema.parse({ ...jekyll, categories: ['study', 'deep learning'] }).categories).toEqual(['study', 'deep learning']);
  });

  it('defaults optional fields', () => {
    const post = postSchema.parse({ title: 'T', date: '2026-01-02', lang: 'en' });
    expect(post).toMatchObject({ tags: [], categories: [], draft: false, use_math: false });
    expect(post.date).toBeInstanceOf(Date);
  });

  it('rejects a missing title, naming the field', () => {
    const { title: _, ...rest } = jekyll;
    expect(issuesOf(rest)).toEqual([expect.stringMatching(/^field "title": is required/)]);
  });

  it('rejects a wrong type, naming the field', () => {
    expect(issuesOf({ ...jekyll, title: 42 })).toEqual([expect.stringMatching(/^field "title": .*expected string, received number/)]);
    expect(issuesOf({ ...jekyll, comments: 'yes' })).toEqual([expect.stringMatching(/^field "comments": /)]);
    expect(issuesOf({ ...jekyll, tags: [1, 2] })[0]).toMatch(/^field "tags/);
  });

  it('rejects an unknown language', () => {
    expect(issuesOf({ ...jekyll, lang: 'fr' })).toEqual([expect.stringMatching(/^field "lang": .*"ko"\|"en"\|"ja"/)]);
  });

  it('rejects unknown keys (strict), listing the allowed ones', () => {
    const [issue] = issuesOf({ ...jekyll, author: 'me' });
    expect(issue).toMatch(/^field "author": unknown field \(allowed: title, subtitle, /);
  });

  it('rejects an invalid date and a layout other than post', () => {
    expect(issuesOf({ ...jekyll, date: 'someday' })[0]).toMatch(/^field "date"/);
    expect(issuesOf({ ...jekyll, layout: 'page' })[0]).toMatch(/^field "layout"/);
  });
});

describe('post entry ids', () => {
  it('are <slug>/<lang> from the path under content/posts', () => {
    expect(entryId('cnn-basic/ko.mdx')).toBe('cnn-basic/ko');
    expect(entryId('cnn-basic\\en.md')).toBe('cnn-basic/en');
  });
});
