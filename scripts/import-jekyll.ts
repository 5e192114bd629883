/** `npm run import-jekyll -- <path>... [--lang ko|en|ja] [--dry-run] [--force]`: a Jekyll blog's posts to MDX, with a report. */
import { parseArgs } from 'node:util';
import { importJekyll } from './lib/jekyll/importer.ts';
import { formatReport, summarize } from './lib/jekyll/report.ts';
import { defaultPostsDir, validateLocale } from './lib/scaffold.ts';

const USAGE = 'usage: npm run import-jekyll -- <site root | _posts folder | folder | post.md>... [--lang ko|en|ja] [--dry-run] [--force]';

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      lang: { type: 'string' },
      'dry-run': { type: 'boolean' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length === 0) throw new Error('give at least one Jekyll site, _posts folder or post file');
  const reports = await importJekyll({
    paths: positionals,
    outDir: defaultPostsDir(),
    lang: values.lang === undefined ? undefined : validateLocale(values.lang, '--lang'),
    dryRun: values['dry-run'] ?? false,
    force: values.force ?? false,
  });
  console.log(formatReport(reports, { dryRun: values['dry-run'] }));
  // exitCode, not exit(): exit() would cut a long report short when stdout is a pipe.
  if (summarize(reports).failed > 0) process.exitCode = 1;
} catch (error) {
  console.error(`import-jekyll: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exitCode = 2;
}
