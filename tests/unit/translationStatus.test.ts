import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentTranslationStatus,
  fullSourceHash,
  matchesSource,
  readTranslationFields,
  SOURCE_HASH_LENGTH,
  sourceHash,
} from '../../site/lib/build/translationStatus.ts';

const locales = ['ko', 'en', 'ja'] as const;

describe('sourceHash', () => {
  it('is a sha256 prefix that ignores line-ending style and a BOM', () => {
    const lf = '---\ntitle: a\n---\n\n본문\n';
    expect(sourceHash(lf)).toHaveLength(SOURCE_HASH_LENGTH);
    expect(fullSourceHash(lf)).toMatch(/^[0-9a-f]{64}$/);
    expect(sourceHash(lf.replace(/\n/g, '\r\n'))).toBe(sourceHash(lf));
    expect(sourceHash(`\uFEFF${lf}`)).toBe(sourceHash(lf));
    expect(sourceHash(`${lf}한 문장 더.\n`)).not.toBe(sourceHash(lf));
  });

  it('accepts any recorded prefix of 12 or more hex digits, nothing shorter', () => {
    const text = 'x';
    const full = fullSourceHash(text);
    expect(matchesSource(full.slice(0, 12), text)).toBe(true);
    expect(matchesSource(full, text)).toBe(true);
    expect(matchesSource(full.slice(0, 11), text)).toBe(false);
    expect(matchesSource(fullSourceHash('y').slice(0, 16), text)).toBe(false);
  });
});

describe('readTranslationFields', () => {
  it('reads plain, quoted and commented scalars from the frontmatter only', () => {
    const text = '---\ntitle: t\nlang: en\ntranslationOf: \'ko\'\nsourceHash: "abcdef012345" # from ko\n---\nsourceHash: body\n';
    expect(readTranslationFields(text)).toEqual({ lang: 'en', translationOf: 'ko', sourceHash: 'abcdef012345' });
    expect(readTranslationFields('no frontmatter')).toEqual({});
  });
});

describe('contentTranslationStatus', () => {
  let dir: string;
  const source = '---\ntitle: 원본\nlang: ko\n---\n\n문장.\n';
  const translation = (lang: string, hash: string) =>
    `---\ntitle: t\nlang: ${lang}\ntranslationOf: ko\nsourceHash: ${hash}\n---\n\nSentence.\n`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'receptive-i18n-unit-'));
    const post = join(dir, 'p');
    await mkdir(post, { recursive: true });
    await writeFile(join(post, 'ko.mdx'), source);
    await writeFile(join(post, 'en.mdx'), translation('en', sourceHash(source)));
    await writeFile(join(post, 'ja.mdx'), translation('ja', sourceHash('older source')));
    const only = join(dir, 'only-ko');
    await mkdir(only, { recursive: true });
    await writeFile(join(only, 'ko.md'), source);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports up to date, stale and missing per locale', () => {
    const report = contentTranslationStatus(dir, locales);
    expect(report.map((p) => [p.slug, p.sourceLocale, p.locales.map((l) => `${l.locale}:${l.state}`)])).toEqual([
      ['only-ko', 'ko', ['en:missing', 'ja:missing']],
      ['p', 'ko', ['en:up to date', 'ja:stale']],
    ]);
  });

  it('names the folder when no file is the original', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'receptive-i18n-bad-'));
    await mkdir(join(bad, 'q'), { recursive: true });
    await writeFile(join(bad, 'q', 'en.mdx'), translation('en', sourceHash(source)));
    expect(() => contentTranslationStatus(bad, locales)).toThrow(/\/q: expected exactly one original/);
    await rm(bad, { recursive: true, force: true });
  });
});
