/** `npm run new-translation -- <slug> <lang>`: starts a translation that records the source version it is made from. */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { createTranslation, defaultPostsDir, validateLocale } from './lib/scaffold.ts';

const USAGE = 'usage: npm run new-translation -- <slug> <lang>   (lang: en or ja; the original is usually ko)';

try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 2) throw new Error(`expected a slug and a language, got ${positionals.length} argument(s)`);
  const [slug = '', lang] = positionals;
  const { file, sourceFile, hash } = await createTranslation(defaultPostsDir(), slug, validateLocale(lang, 'language'));
  console.log(`created ${relative(process.cwd(), file)} from ${relative(process.cwd(), sourceFile)} (sourceHash: ${hash})`);
  console.log('translate the text, then set `draft: false`; `npm run i18n:status` reports it stale whenever the source changes.');
} catch (error) {
  console.error(`new-translation: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exit(1);
}
