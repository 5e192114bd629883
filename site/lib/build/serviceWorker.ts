/**
 * Build-time (Node) half of the offline cache: the build's version (a hash of every file it wrote) and the service
 * worker's text with that version in it. A new build with any changed file gets a new version, hence a new worker
 * script, which browsers install and which then deletes the older build's cache.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './repoRoot.ts';

/** Where the worker is served; its scope is the whole site. */
export const SERVICE_WORKER_URL = '/sw.js';
const TEMPLATE = path.join(REPO_ROOT, 'site/lib/offline/serviceWorker.js');
const PLACEHOLDER = '__RECEPTIVE_BUILD_VERSION__';

/**
 * 16 hex digits of sha256 over the worker's template and each file's path and bytes under `dir` (the built worker
 * itself left out), in path order.
 */
export function buildVersion(dir: string): string {
  const files = (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => `/${file}` !== SERVICE_WORKER_URL)
    .sort();
  const hash = createHash('sha256').update(readFileSync(TEMPLATE));
  for (const file of files)
    hash.update(`${file}\0`).update(
      createHash('sha256')
        .update(readFileSync(path.join(dir, file)))
        .digest(),
    );
  return hash.digest('hex').slice(0, 16);
}

/** The worker's source for `version`. @example serviceWorkerSource('0123456789abcdef') // "…const VERSION = '0123456789abcdef';…" */
export function serviceWorkerSource(version: string): string {
  if (!/^[0-9a-z-]+$/.test(version)) throw new Error(`service worker version "${version}": expected lowercase letters, digits and dashes`);
  const template = readFileSync(TEMPLATE, 'utf8');
  if (!template.includes(PLACEHOLDER)) throw new Error(`${TEMPLATE}: the ${PLACEHOLDER} placeholder is missing`);
  return template.replace(PLACEHOLDER, version);
}

/** The version a built worker carries, or undefined when `source` is not one. */
export function versionOf(source: string): string | undefined {
  return /const VERSION = '([0-9a-z-]+)';/.exec(source)?.[1];
}
