/** Synthetic posts for the build benchmark: N copies of a real post's MDX in three languages, each with its own slug, title, date and tags. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sourceHash } from '../../../site/lib/build/translationStatus.ts';

export interface SyntheticPost {
  slug: string;
  /** Full MDX text, frontmatter included. */
  text: string;
}

const FRONTMATTER = /^---\r?\n[\s\S]*?\r?\n---\r?\n/;
/** Tags rotate through a small set so tag pages hold many posts each, as on a real blog. */
const TAGS = ['dl', 'cnn', 'vision', 'optimization', 'history', 'pytorch'];

/** The body of an MDX post with its frontmatter, import lines and island components (anything but Figure/Credit) removed. */
export function portableBody(mdx: string): string {
  return mdx
    .replace(FRONTMATTER, '')
    .split('\n')
    .filter((line) => !/^import\s/.test(line) && !/^\s*<(?!Figure|Credit|\/)[A-Z][\w.]*[^>]*\/>\s*$/.test(line))
    .join('\n');
}

/** `count` posts built from one body; post i is dated i days before `start` and carries two of the rotating tags. */
export function syntheticPosts(body: string, count: number, start = new Date('2026-11-01T00:00:00Z')): SyntheticPost[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    const date = new Date(start.getTime() - i * 86_400_000).toISOString().slice(0, 10);
    const tags = [TAGS[i % TAGS.length], TAGS[(i + 2) % TAGS.length]];
    const text = [
      '---',
      `title: "합성 글 ${n}: CNN 모델의 발전"`,
      `description: "빌드 벤치마크용 합성 글 ${n}"`,
      `date: ${date}`,
      'lang: ko',
      'categories: [study]',
      `tags: [${tags.join(', ')}]`,
      'use_math: true',
      '---',
      '',
      `이 글은 빌드 시간을 재기 위한 ${n}번째 합성 글입니다.`,
      '',
      body.trim(),
      '',
    ].join('\n');
    return { slug: `synthetic-${n}`, text };
  });
}

/**
 * The same MDX for a project without remark-math: `$…$` and `$$…$$` become code, because MDX would otherwise read
 * the braces inside TeX (`\frac{a}{b}`) as JavaScript expressions and fail.
 */
export function withoutMath(mdx: string): string {
  return mdx
    .replace(/^([ \t]*)\$\$\n([\s\S]*?)\n[ \t]*\$\$$/gm, (_, indent: string, tex: string) => `${indent}\`\`\`tex\n${tex}\n${indent}\`\`\``)
    .replace(/(?<![\\$`])\$([^$\n`]+?)\$(?!\$)/g, (_, tex: string) => `\`${tex}\``);
}

/** The languages each synthetic post is written in: the Korean original and two translations, as the site's own post is. */
export const SYNTHETIC_LOCALES = ['ko', 'en', 'ja'] as const;

/**
 * Writes each post as `<dir>/<slug>/<lang>.mdx` for every language of SYNTHETIC_LOCALES, the layout the site's loader
 * reads: the Korean original, and translations that carry the same body under `lang`, `translationOf: ko` and the
 * original's `sourceHash`, so both projects build one page per post and language.
 */
export async function writePosts(
  dir: string,
  posts: readonly SyntheticPost[],
  transform: (text: string) => string = (t) => t,
): Promise<void> {
  for (const post of posts) {
    await mkdir(join(dir, post.slug), { recursive: true });
    const original = transform(post.text);
    for (const lang of SYNTHETIC_LOCALES) {
      const text =
        lang === 'ko' ? original : original.replace(/^lang: ko$/m, `lang: ${lang}\ntranslationOf: ko\nsourceHash: ${sourceHash(original)}`);
      await writeFile(join(dir, post.slug, `${lang}.mdx`), text);
    }
  }
}
