/** Scaffolding for contributors: a new post, or a translation that records which source version it was made from. */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postSchema } from '../../site/content.config.ts';
import { normalizeSource, postTranslationStatus } from '../../site/lib/build/translationStatus.ts';
import { defaultLocale, isLocale, type Locale, locales } from '../../site/lib/i18n.ts';

/** A slug is the post's folder name and URL segment: lowercase ASCII words joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 80;

/** The posts folder the build reads: RECEPTIVE_CONTENT_DIR (as in site/lib/build/postsLoader.ts) or `content/posts`. */
export function defaultPostsDir(): string {
  const fromEnv = process.env.RECEPTIVE_CONTENT_DIR;
  return fromEnv ? resolve(fromEnv) : fileURLToPath(new URL('../../content/posts', import.meta.url));
}

/** Throws a message that says what a valid slug looks like, or returns the slug. */
export function validateSlug(slug: string | undefined): string {
  if (slug === undefined || slug.trim() === '') {
    throw new Error("missing slug: give the post's URL name, e.g. `npm run new-post -- batch-norm`");
  }
  if (slug.length > SLUG_MAX_LENGTH) throw new Error(`slug "${slug}" is ${slug.length} characters; keep it to ${SLUG_MAX_LENGTH} or fewer`);
  if (!SLUG_PATTERN.test(slug)) {
    throw new Error(
      `slug "${slug}" is not valid: use lowercase ASCII letters and digits joined by single hyphens (e.g. "cnn-basic"); ` +
        'it becomes the folder name and the URL, so no spaces, capitals, underscores or non-ASCII letters',
    );
  }
  return slug;
}

export function validateLocale(lang: string | undefined, what: string): Locale {
  if (!isLocale(lang)) throw new Error(`${what} "${lang ?? ''}" is not a site language; expected one of ${locales.join(', ')}`);
  return lang;
}

/** `YYYY-MM-DD` of a date in UTC, the form the schema reads as a date. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A YAML scalar that reads back as exactly this string (JSON strings are valid YAML double-quoted scalars). */
function yamlString(value: string): string {
  return JSON.stringify(value);
}

function yamlList(values: readonly string[]): string {
  return `[${values.map(yamlString).join(', ')}]`;
}

export interface NewPostOptions {
  slug: string;
  title?: string;
  description?: string;
  /** Publication day; defaults to today (UTC). */
  date?: string;
  lang?: Locale;
  tags?: string[];
  categories?: string[];
  useMath?: boolean;
  draft?: boolean;
}

/** A starter body that shows, in the post's own language, the few things a post can use. */
const STARTER_BODY: Record<Locale, string> = {
  ko: '첫 문단을 여기에 씁니다. 목차는 `##` 제목으로 만들어집니다.\n\n## 첫 번째 절\n\n본문을 씁니다.',
  en: 'Write the first paragraph here. The table of contents is built from `##` headings.\n\n## First section\n\nWrite the body.',
  ja: '最初の段落をここに書きます。目次は `##` の見出しから作られます。\n\n## 最初の節\n\n本文を書きます。',
};

/** Title used when none is given: the slug's words, e.g. `batch-norm` → `Batch norm`. */
export function titleFromSlug(slug: string): string {
  const words = slug.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The text of a new post file; its frontmatter is checked against the site's schema before it is returned. */
export function renderNewPost(options: NewPostOptions): string {
  const slug = validateSlug(options.slug);
  const lang = options.lang ?? defaultLocale;
  const date = options.date ?? isoDay(new Date());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
    throw new Error(`date "${date}" is not a day in the form YYYY-MM-DD`);
  }
  const fields = {
    title: options.title ?? titleFromSlug(slug),
    ...(options.description ? { description: options.description } : {}),
    date,
    lang,
    categories: options.categories ?? [],
    tags: options.tags ?? [],
    use_math: options.useMath ?? false,
    draft: options.draft ?? false,
  };
  const checked = postSchema.safeParse(fields);
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => `field "${issue.path.join('.')}": ${issue.message}`).join('; ');
    throw new Error(`the scaffold for "${slug}" would not pass the schema in site/content.config.ts: ${problems}`);
  }
  const lines = [
    '---',
    `title: ${yamlString(fields.title)}`,
    options.description
      ? `description: ${yamlString(options.description)}`
      : '# description: "One or two sentences for the post list, feeds and search results."',
    `date: ${date}`,
    `lang: ${lang}`,
    `categories: ${yamlList(fields.categories)}`,
    `tags: ${yamlList(fields.tags)}`,
    `use_math: ${fields.use_math}`,
    `draft: ${fields.draft}`,
    '---',
    '',
    STARTER_BODY[lang],
    '',
  ];
  return lines.join('\n');
}

/** Writes `<postsDir>/<slug>/<lang>.mdx`, refusing to touch a post that already exists. Returns the file written. */
export async function createPost(postsDir: string, options: NewPostOptions): Promise<string> {
  const text = renderNewPost(options);
  const lang = options.lang ?? defaultLocale;
  const dir = join(postsDir, options.slug);
  const existing = ['mdx', 'md'].flatMap((ext) => locales.map((l) => join(dir, `${l}.${ext}`))).filter((file) => existsSync(file));
  if (existing.length > 0) {
    throw new Error(
      `post "${options.slug}" already exists (${existing.map((f) => relative(process.cwd(), f)).join(', ')}); nothing was written`,
    );
  }
  const file = join(dir, `${lang}.mdx`);
  await mkdir(dir, { recursive: true });
  await writeFile(file, text, { flag: 'wx' });
  return file;
}

const FRONTMATTER = /^---\n([\s\S]*?)\n---(\n|$)/;

/**
 * The text of a translation file: the source's frontmatter with `lang` changed, `translationOf` and `sourceHash`
 * recording the source version, and `draft: true` until it is translated; the source body follows, to translate in place.
 */
export function renderTranslation(sourceText: string, sourceLocale: Locale, lang: Locale, hash: string): string {
  const text = normalizeSource(sourceText);
  const match = FRONTMATTER.exec(text);
  if (!match) throw new Error('the source post has no frontmatter block (--- … ---) to start the translation from');
  const kept = (match[1] ?? '').split('\n').filter((line) => !/^(lang|translationOf|sourceHash|draft)\s*:/.test(line));
  const frontmatter = [
    ...kept,
    `lang: ${lang}`,
    `translationOf: ${sourceLocale}`,
    `sourceHash: ${yamlString(hash)}`,
    '# Set draft to false once the text below is translated.',
    'draft: true',
  ];
  const body = text.slice(match[0].length);
  return `---\n${frontmatter.join('\n')}\n---\n${body}`;
}

/** Writes `<postsDir>/<slug>/<lang>.mdx` as a translation of the post's original. Returns the file written and its source. */
export async function createTranslation(
  postsDir: string,
  slug: string,
  lang: Locale,
): Promise<{ file: string; sourceFile: string; hash: string }> {
  validateSlug(slug);
  const dir = join(postsDir, slug);
  if (!existsSync(dir)) throw new Error(`no post "${slug}": ${relative(process.cwd(), dir) || dir} does not exist`);
  const status = postTranslationStatus(dir, slug, locales);
  if (status.sourceLocale === lang) {
    throw new Error(
      `"${lang}" is the original language of "${slug}" (${relative(process.cwd(), status.sourceFile)}); pick another language`,
    );
  }
  const current = status.locales.find((entry) => entry.locale === lang);
  if (current?.file) {
    const hint = current.state === 'stale' ? `; it is stale: update it to the source and set sourceHash: ${status.currentHash}` : '';
    throw new Error(
      `a ${lang} translation of "${slug}" already exists (${relative(process.cwd(), current.file)})${hint}; nothing was written`,
    );
  }
  const sourceText = await readFile(status.sourceFile, 'utf8');
  const file = join(dir, `${lang}.mdx`);
  await writeFile(file, renderTranslation(sourceText, status.sourceLocale as Locale, lang, status.currentHash), { flag: 'wx' });
  return { file, sourceFile: status.sourceFile, hash: status.currentHash };
}
