/** The repository root, for build-time modules that read its files (they also run bundled, from dist/.prerender or a temp folder). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above this module holding models-onnx/manifest.json; else the working directory (builds run from the root). */
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'models-onnx', 'manifest.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export const REPO_ROOT = findRepoRoot();

/** A file path for messages: relative to the working directory when inside it. (Kept whole: `?` is a legal file name
 * character, and the posts audit names a folder `hello world?`; strip a Vite `?query` before calling.) */
export function displayPath(file: string | undefined): string {
  if (!file) return '(unknown file)';
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}
