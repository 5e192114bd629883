/** `npm run i18n:status [-- --check] [-- --content-dir DIR]`: which translations are up to date, stale or missing. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { locales } from '../site/lib/i18n.ts';
import { contentTranslationStatus, type TranslationState } from '../site/lib/translationStatus.ts';

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    'content-dir': { type: 'string' },
  },
});

const contentDir = resolve(values['content-dir'] ?? process.env.RECEPTIVE_CONTENT_DIR ?? 'content');

let posts: ReturnType<typeof contentTranslationStatus>;
try {
  posts = contentTranslationStatus(contentDir, locales);
} catch (error) {
  console.error(`i18n:status: ${(error as Error).message}`);
  process.exit(2);
}

const counts: Record<TranslationState, number> = { 'up to date': 0, stale: 0, missing: 0 };
const slugWidth = Math.max(4, ...posts.map((p) => p.slug.length));
console.log(`Translations in ${contentDir}`);
for (const post of posts) {
  console.log(`${post.slug.padEnd(slugWidth)}  ${post.sourceLocale}  source (${post.currentHash})`);
  for (const status of post.locales) {
    counts[status.state] += 1;
    const detail = status.state === 'stale' ? `  (made from ${status.recordedHash}; update it and set sourceHash: ${post.currentHash})` : '';
    console.log(`${post.slug.padEnd(slugWidth)}  ${status.locale}  ${status.state}${detail}`);
  }
}
console.log(`${counts['up to date']} up to date, ${counts.stale} stale, ${counts.missing} missing`);

if (values.check && counts.stale + counts.missing > 0) {
  console.error('i18n:status --check failed: some translations are stale or missing.');
  process.exit(1);
}
