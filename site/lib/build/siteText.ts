/**
 * Every character the site's pages can show, for trimming web-font stylesheets: all posts in every language (a fallback
 * page shows another locale's original), the site's sources (UI strings of every locale, icons) and the models' labels.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { codePointsOf } from '../fontSubsets.ts';
import { postsDir } from './postsLoader.ts';
import { REPO_ROOT } from './repoRoot.ts';

/** Files under `dir` (recursively) whose names end with one of `extensions`. */
function filesUnder(dir: string, extensions: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && extensions.some((ext) => entry.name.endsWith(ext)))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

export function siteCodePoints(): Set<number> {
  const files = [
    ...filesUnder(postsDir(), ['.md', '.mdx']),
    // Components and islands hold characters of their own (icons such as ☀), besides site/i18n's strings.
    ...filesUnder(path.join(REPO_ROOT, 'site'), ['.ts', '.tsx', '.astro', '.md', '.mdx']),
    path.join(REPO_ROOT, 'models-onnx', 'manifest.json'),
  ];
  // Printable ASCII always: a reader's search query or an error message may use any of it.
  let text = String.fromCharCode(...Array.from({ length: 95 }, (_, i) => 32 + i));
  for (const file of files) text += readFileSync(file, 'utf8');
  return codePointsOf(text);
}
