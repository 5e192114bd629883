/**
 * Checks of the posts folder as a whole, which no single file's frontmatter can show: files the loader would skip
 * without a word, two sources for one page, slugs that collide on a case-insensitive disk, text that is not UTF-8,
 * translations that name an original that is not there. Node-only; run by the posts loader before it loads anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { termSlug } from '../urls.ts';
import { POST_EXTENSIONS, readTranslationFields } from './translationStatus.ts';

/** One problem: the file (or folder) it is about, and what is wrong and what to do. */
export interface ContentProblem {
  file: string;
  message: string;
}

/** Names that look like a post but that the loader would never read (so they are reported instead of ignored). */
const TEXT_LIKE = /\.(mdx?|markdown|mdown|mkdn?|mdwn|mdtxt|mdtext|txt|html?)$/i;

/**
 * Where the first byte that is not UTF-8 sits, as 1-based line and column (in characters), or null for valid UTF-8.
 * @example invalidUtf8At(Buffer.from('ab\n\xff', 'latin1')) → { line: 2, column: 1, byte: 0xff }
 */
export function invalidUtf8At(bytes: Uint8Array): { line: number; column: number; byte: number } | null {
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) {
      const lines = new TextDecoder().decode(bytes.subarray(0, i)).split('\n');
      return { line: lines.length, column: [...(lines[lines.length - 1] ?? '')].length + 1, byte: bytes[i] as number };
    }
    i += length;
  }
  return null;
}

/** Length of the well-formed UTF-8 sequence at `i` (1 to 4), or 0 when there is none (the Unicode standard's table 3-7). */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const first = b[i] as number;
  if (first < 0x80) return 1;
  const cont = (k: number, low = 0x80, high = 0xbf) => i + k < b.length && (b[i + k] as number) >= low && (b[i + k] as number) <= high;
  if (first >= 0xc2 && first <= 0xdf) return cont(1) ? 2 : 0;
  if (first >= 0xe0 && first <= 0xef) {
    const [low, high] = first === 0xe0 ? [0xa0, 0xbf] : first === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, low, high) && cont(2) ? 3 : 0;
  }
  if (first >= 0xf0 && first <= 0xf4) {
    const [low, high] = first === 0xf0 ? [0x90, 0xbf] : first === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, low, high) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** Every problem of the posts folder `postsDir` (a path as messages show it is made by `display`). */
export function auditContent(postsDir: string, locales: readonly string[], display: (file: string) => string = (f) => f): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const report = (file: string, message: string) => problems.push({ file: display(file), message });
  const entries = readdirSync(postsDir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
  const slugFolders = entries.filter((e) => e.isDirectory()).map((e) => e.name);

  for (const entry of entries) {
    if (!entry.isDirectory()) {
      report(
        path.join(postsDir, entry.name),
        'is not in a post folder, so it would never be published; a post is <slug>/<lang>.mdx (move it to <slug>/ko.mdx, or out of the posts folder)',
      );
    }
  }

  const byLowerCase = new Map<string, string[]>();
  for (const slug of slugFolders) {
    const key = slug.normalize('NFC').toLowerCase();
    byLowerCase.set(key, [...(byLowerCase.get(key) ?? []), slug]);
    if (termSlug(slug) !== slug.normalize('NFC').toLowerCase()) {
      const suggestion = termSlug(slug);
      report(
        path.join(postsDir, slug),
        `the folder name "${slug}" is the post's URL but holds characters a URL path cannot keep; rename the folder` +
          (suggestion ? ` (for example to "${suggestion}")` : ' to lowercase letters, digits and hyphens'),
      );
    }
  }
  for (const same of byLowerCase.values()) {
    if (same.length > 1) {
      report(
        path.join(postsDir, same[0] as string),
        `folders ${same.map((s) => `"${s}"`).join(' and ')} differ only in case: they are one folder on a case-insensitive disk or host, so one post would overwrite the other; rename or merge them`,
      );
    }
  }

  for (const slug of slugFolders) {
    const folder = path.join(postsDir, slug);
    const sources = new Map<string, string[]>();
    const walk = (dir: string, depth: number) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name.startsWith('.')) continue;
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          walk(file, depth + 1);
          continue;
        }
        const ext = path.extname(entry.name);
        const base = entry.name.slice(0, entry.name.length - ext.length);
        const isPost = depth === 0 && (POST_EXTENSIONS as readonly string[]).includes(ext);
        if (isPost) {
          sources.set(base, [...(sources.get(base) ?? []), file]);
          continue;
        }
        if (!TEXT_LIKE.test(entry.name)) continue; // images and other assets next to a post are fine
        report(
          file,
          depth > 0
            ? `is in a nested folder, so it would never be published; a post is <slug>/<lang>.mdx (move it to ${slug}/<lang>.mdx)`
            : `is not a post file (<lang>.mdx or <lang>.md), so it would never be published; rename it to ${slug}/<lang>.mdx`,
        );
      }
    };
    walk(folder, 0);

    const fields = new Map<string, { file: string; translationOf?: string }>();
    for (const [base, files] of sources) {
      if (files.length > 1) {
        report(
          files[0] as string,
          `two sources for one page (${files.map((f) => path.basename(f)).join(' and ')}): the loader would publish only one and drop the other; keep one of them`,
        );
      }
      const file = files[0] as string;
      const bytes = readFileSync(file);
      const bad = invalidUtf8At(bytes);
      if (bad) {
        report(
          `${file}:${bad.line}:${bad.column}`,
          `is not UTF-8 (byte 0x${bad.byte.toString(16).padStart(2, '0')} at line ${bad.line}, column ${bad.column}); save the file as UTF-8`,
        );
        continue;
      }
      if (locales.includes(base)) {
        fields.set(base, { file, translationOf: readTranslationFields(bytes.toString('utf8')).translationOf });
      }
    }

    for (const [locale, { file, translationOf }] of fields) {
      if (translationOf === undefined || translationOf === locale || !locales.includes(translationOf)) continue;
      const original = fields.get(translationOf);
      if (!original) {
        report(
          file,
          `field "translationOf": names the original ${slug}/${translationOf}.mdx, which does not exist; add it, or remove translationOf and sourceHash if this file is the original`,
        );
      } else if (original.translationOf !== undefined) {
        report(
          file,
          `field "translationOf": names ${slug}/${translationOf}.mdx, which is itself a translation (of ${original.translationOf}); name the original`,
        );
      }
    }
  }
  return problems;
}
