/** Reading-time estimate that counts CJK characters and Latin words separately, since Korean/Japanese have no word spaces to count. */

/** Characters per minute for CJK scripts and words per minute for the rest (typical silent-reading rates). */
const CJK_CHARS_PER_MINUTE = 500;
const WORDS_PER_MINUTE = 220;

const CJK = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;

/** Drops what readers do not read as prose: frontmatter, fenced code, JSX tags, math, markdown punctuation. */
export function readableText(markdown: string): string {
  return markdown
    .replace(/^---[\s\S]*?\n---/, ' ')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/\$\$[\s\S]*?\$\$/g, ' ')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/[#*_`>[\]|-]/g, ' ');
}

/** Whole minutes (at least 1) needed to read a Markdown/MDX body. */
export function readingMinutes(markdown: string): number {
  const text = readableText(markdown);
  const cjkChars = text.match(CJK)?.length ?? 0;
  const words = text
    .replace(CJK, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return Math.max(1, Math.round(cjkChars / CJK_CHARS_PER_MINUTE + words / WORDS_PER_MINUTE));
}
