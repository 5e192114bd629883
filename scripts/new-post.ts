/** `npm run new-post -- <slug> [--title T] [--description D] [--date YYYY-MM-DD] [--lang ko] [--tag t]… [--category c]… [--math] [--draft]` */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { createPost, defaultPostsDir, validateLocale } from './lib/scaffold.ts';

const USAGE =
  'usage: npm run new-post -- <slug> [--title "Title"] [--description "…"] [--date YYYY-MM-DD] [--lang ko|en|ja] [--tag name]… [--category name]… [--math] [--draft]';

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      title: { type: 'string' },
      description: { type: 'string' },
      date: { type: 'string' },
      lang: { type: 'string' },
      tag: { type: 'string', multiple: true },
      category: { type: 'string', multiple: true },
      math: { type: 'boolean' },
      draft: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length > 1) throw new Error(`expected one slug, got ${positionals.length}: ${positionals.join(' ')}`);
  const file = await createPost(defaultPostsDir(), {
    slug: positionals[0] ?? '',
    title: values.title,
    description: values.description,
    date: values.date,
    lang: values.lang === undefined ? undefined : validateLocale(values.lang, '--lang'),
    tags: values.tag,
    categories: values.category,
    useMath: values.math,
    draft: values.draft,
  });
  console.log(`created ${relative(process.cwd(), file)}`);
  console.log('preview it with `npm run dev`; CONTRIBUTING.md lists the frontmatter fields.');
} catch (error) {
  console.error(`new-post: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exit(1);
}
