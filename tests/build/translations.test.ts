/** The English and Japanese versions of the post in the shared build: same structure as the Korean original, right language, hreflang, switcher, and translation status. */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../site/lib/build/repoRoot.ts';
import {
  type ArticleStructure,
  articleStructure,
  attr,
  descendants,
  findOne,
  hasClass,
  parseHtml,
  textOf,
} from '../helpers/articleStructure.ts';

const distDir = inject('distDir');
const slug = 'cnn-basic';
const locales = ['ko', 'en', 'ja'] as const;
const pages: Record<string, string> = {};
const origin = 'https://receptive.example';

beforeAll(async () => {
  for (const lang of locales) pages[lang] = await readFile(path.join(distDir, lang, 'posts', slug, 'index.html'), 'utf8');
});

describe.each(['en', 'ja'] as const)('dist/%s/posts/cnn-basic/', (lang) => {
  it('has <html lang> of its locale and hreflang alternates for all three locales', () => {
    const document = parseHtml(pages[lang] ?? '');
    expect(
      attr(
        findOne(document, (e) => e.tagName === 'html', '<html>'),
        'lang',
      ),
    ).toBe(lang);
    const alternates = descendants(document)
      .filter((e) => e.tagName === 'link' && attr(e, 'rel') === 'alternate' && attr(e, 'hreflang'))
      .map((e) => [attr(e, 'hreflang'), attr(e, 'href')]);
    for (const l of locales) expect(alternates).toContainEqual([l, `${origin}/${l}/posts/${slug}/`]);
  });

  it('has a language switcher linking the three versions', () => {
    const switcher = findOne(parseHtml(pages[lang] ?? ''), (e) => hasClass(e, 'lang-switcher'), 'language switcher');
    const links = descendants(switcher).filter((e) => e.tagName === 'a');
    expect(links.map((a) => [attr(a, 'hreflang'), attr(a, 'href')])).toEqual(locales.map((l) => [l, `/${l}/posts/${slug}/`]));
    expect(links.filter((a) => attr(a, 'aria-current') === 'true').map((a) => attr(a, 'hreflang'))).toEqual([lang]);
  });

  it('has the same headings, paragraphs, list items, diagrams, formulas and code blocks as the Korean original', () => {
    const original: ArticleStructure = articleStructure(pages.ko ?? '');
    expect(original.headings).toBeGreaterThanOrEqual(5);
    expect(original.diagrams).toBe(3);
    expect(original.formulas).toBeGreaterThanOrEqual(3);
    expect(articleStructure(pages[lang] ?? '')).toEqual(original);
  });

  it('marks the article with its own language and shows no translation notice (it is up to date)', () => {
    const document = parseHtml(pages[lang] ?? '');
    expect(
      attr(
        findOne(document, (e) => e.tagName === 'article', '<article>'),
        'lang',
      ),
    ).toBe(lang);
    expect(descendants(document).some((e) => hasClass(e, 'translation-notice'))).toBe(false);
  });

  it('leaves no Korean in the article, diagram labels and captions included', () => {
    const hangul =
      textOf(findOne(parseHtml(pages[lang] ?? ''), (e) => e.tagName === 'article', '<article>')).match(/[\p{Script=Hangul}]+/gu) ?? [];
    expect(hangul).toEqual([]);
  });
});

describe('field terms', () => {
  const body = (lang: string) => textOf(findOne(parseHtml(pages[lang] ?? ''), (e) => e.tagName === 'article', '<article>'));
  it('uses the usual English terms', () => {
    for (const term of ['overfitting', 'vanishing gradient', 'activation function', 'feature map', 'receptive field'])
      expect(body('en')).toContain(term);
  });
  it('uses the usual Japanese terms', () => {
    for (const term of ['過学習', '畳み込み', '勾配消失', '活性化関数', '特徴マップ', '受容野']) expect(body('ja')).toContain(term);
  });
});

describe('npm run i18n:status', () => {
  it('reports every translation up to date and passes --check', () => {
    const run = spawnSync('npm', ['run', '--silent', 'i18n:status', '--', '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.stdout).toContain(`${slug}  en  up to date`);
    expect(run.stdout).toContain(`${slug}  ja  up to date`);
    expect(run.status, run.stderr).toBe(0);
  });
});
