/**
 * `npm run i18n:status [-- --check] [-- --posts-dir DIR]`: which translations are up to date, stale or missing.
 * The posts folder is `content/posts`, or RECEPTIVE_CONTENT_DIR (same meaning as for the build), or --posts-dir.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { contentTranslationStatus, type TranslationState } from '../site/lib/build/translationStatus.ts';
import { locales } from '../site/lib/i18n.ts';

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    'posts-dir': { type: 'string' },
  },
});

const postsDir = resolve(values['posts-dir'] ?? process.env.RECEPTIVE_CONTENT_DIR ?? 'content/posts');

let posts: ReturnType<typeof contentTranslationStatus>;
try {
  posts = contentTranslationStatus(postsDir, locales);
} catch (error) {
  console.error(`i18n:status: ${(error as Error).message}`);
  process.exit(2);
}

const counts: Record<TranslationState, number> = { 'up to date': 0, stale: 0, missing: 0 };
const slugWidth = Math.max(4, ...posts.map((p) => p.slug.length));
console.log(`Translations in ${postsDir}`);
for (const post of posts) {
  console.log(`${post.slug.padEnd(slugWidth)}  ${post.sourceLocale}  source (${post.currentHash})`);
  for (const status of post.locales) {
    counts[status.state] += 1;
    const detail =
      status.state === 'stale' ? `  (made from ${status.recordedHash}; update it and set sourceHash: ${post.currentHash})` : '';
    console.log(`${post.slug.padEnd(slugWidth)}  ${status.locale}  ${status.state}${detail}`);
  }
}
console.log(`${counts['up to date']} up to date, ${counts.stale} stale, ${counts.missing} missing`);

if (values.check && counts.stale + counts.missing > 0) {
  console.error('i18n:status --check failed: some translations are stale or missing.');
  process.exit(1);
}
