/** CLI: checks every internal link, asset and #anchor of a built site; exits 1 when any is broken. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkLinks, formatReport, sitemapOrigin } from './lib/links.ts';

const USAGE = 'usage: npm run check-links -- [dist-dir] [--site https://origin] [--base /prefix/]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { site: { type: 'string', multiple: true }, base: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const distDir = resolve(positionals[0] ?? 'dist');
  const siteOrigins = values.site ?? [];
  if (siteOrigins.length === 0) {
    const origin = await sitemapOrigin(distDir);
    if (origin) siteOrigins.push(origin);
  }
  const report = await checkLinks(distDir, { siteOrigins, base: values.base });
  console.log(formatReport(report));
  if (report.pagesChecked === 0) {
    console.error(`no HTML pages under ${distDir}: build the site first (npm run build)`);
    return 1;
  }
  return report.broken.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
