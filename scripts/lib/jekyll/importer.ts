/** `npm run import-jekyll`: finds a Jekyll site's posts, converts each, writes `<slug>/<lang>.mdx` and reports every change. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultLocale, type Locale } from '../../../site/lib/i18n.ts';
import { postUrl } from '../../../site/lib/urls.ts';
import { convertBody, mdxProblem } from './convert.ts';
import { mapFrontmatter, parseJekyllYaml, parsePostFileName, renderFrontmatter, slugFromName, splitFrontmatter } from './frontmatter.ts';
import { includeReader } from './includes.ts';
import { mediaFor } from './media.ts';
import type { PostReport } from './report.ts';

const POST_FILE = /\.(md|markdown)$/i;

export interface ImportOptions {
  paths: string[];
  /** The posts folder to write into (`content/posts`, or RECEPTIVE_CONTENT_DIR). */
  outDir: string;
  lang?: Locale;
  dryRun?: boolean;
  force?: boolean;
}

/** A found post file and the Jekyll site it belongs to (for `/assets/…` images), if any. */
export interface FoundPost {
  file: string;
  siteRoot?: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? listFiles(full) : entry.isFile() && POST_FILE.test(entry.name) ? [full] : [];
    });
}

/** Every `_posts` folder of a site, as Jekyll reads them (`_posts/` and `<category>/_posts/`), not in `_site` or dependencies. */
function postsFolders(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      if (entry.name === '_posts') found.push(path.join(dir, entry.name));
      else if (!entry.name.startsWith('_') && entry.name !== 'node_modules' && entry.name !== 'vendor') visit(path.join(dir, entry.name));
    }
  };
  visit(root);
  return found.sort();
}

/** The nearest folder at or above `dir` that looks like a Jekyll site (`_config.yml` or `_posts/`). */
function siteRootOf(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    if (existsSync(path.join(current, '_config.yml')) || existsSync(path.join(current, '_posts'))) return current;
    const up = path.dirname(current);
    if (up === current) return undefined;
    current = up;
  }
}

/**
 * Post files under the given paths: a site root means its `_posts/` folders (subfolders included), a folder means the post
 * files in it, a file means itself (`.md`/`.markdown`, any case). Throws for a path that does not exist.
 */
export function findPosts(paths: readonly string[]): FoundPost[] {
  const found = new Map<string, FoundPost>();
  for (const given of paths) {
    const full = path.resolve(given);
    if (!existsSync(full)) throw new Error(`${given}: no such file or folder`);
    if (statSync(full).isFile()) {
      if (!POST_FILE.test(full)) throw new Error(`${given}: not a Markdown post (.md or .markdown)`);
      found.set(full, { file: full, siteRoot: siteRootOf(path.dirname(full)) });
      continue;
    }
    const isSiteRoot = existsSync(path.join(full, '_config.yml')) || existsSync(path.join(full, '_posts'));
    const postsDirs = isSiteRoot ? postsFolders(full) : [full];
    const siteRoot = isSiteRoot ? full : siteRootOf(full);
    for (const dir of postsDirs) for (const file of listFiles(dir).sort()) found.set(file, { file, siteRoot });
  }
  return [...found.values()];
}

/** The post's Jekyll name (`YYYY-MM-DD-title`, what `post_url` names) → our slug. */
function jekyllName(file: string): string {
  return path
    .basename(file)
    .replace(/\.(md|markdown)$/i, '')
    .replace(/\.(ko|en|ja)$/i, '');
}

function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

/** Imports the posts; writes nothing with `dryRun`. One report per post file found, in file order. */
export async function importJekyll(options: ImportOptions): Promise<PostReport[]> {
  const posts = findPosts(options.paths);
  const slugs = new Map<string, string>();
  for (const post of posts) {
    const name = jekyllName(post.file);
    slugs.set(name, slugFromName(parsePostFileName(path.basename(post.file)).name).slug);
  }
  const configs = new Map<string, Record<string, unknown>>();
  const siteConfig = (root: string | undefined): Record<string, unknown> => {
    if (!root) return {};
    let config = configs.get(root);
    if (!config) {
      try {
        config = parseJekyllYaml(readFileSync(path.join(root, '_config.yml'), 'utf8'));
      } catch {
        config = {};
      }
      configs.set(root, config);
    }
    return config;
  };
  const reports: PostReport[] = [];
  const taken = new Map<string, string>();
  for (const post of posts) {
    const report: PostReport = {
      source: display(post.file),
      status: 'failed',
      changes: [],
      droppedFields: [],
      mappedFields: [],
      remoteImages: [],
      copiedImages: [],
    };
    reports.push(report);
    try {
      const source = (await readFile(post.file, 'utf8')).replace(/\r\n?/g, '\n');
      const parts = splitFrontmatter(source);
      if (!parts) {
        report.status = 'skipped';
        report.reason = 'no frontmatter (--- … ---) at the top: Jekyll does not treat it as a post';
        continue;
      }
      let data: Record<string, unknown>;
      try {
        data = parseJekyllYaml(parts.yaml);
      } catch (error) {
        throw new Error(`frontmatter is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
      const fileName = path.basename(post.file);
      const fallbackDay = (await stat(post.file)).mtime.toISOString().slice(0, 10);
      const mapped = mapFrontmatter(data, { fileName, lang: options.lang, defaultLang: defaultLocale, fallbackDay });
      report.droppedFields = mapped.dropped;
      report.mappedFields = mapped.mapped;
      for (const message of mapped.notes) report.changes.push({ line: 1, level: 'note', message });
      const { slug, ascii } = slugFromName(parsePostFileName(fileName).name);
      if (!ascii)
        report.changes.push({
          line: 1,
          level: 'warning',
          message: `file name has letters a URL slug cannot hold: slug "${slug}" (rename the folder to choose another)`,
        });
      const { lang } = mapped.fields;
      const target = path.join(options.outDir, slug, `${lang}.mdx`);
      report.target = display(target);
      const key = `${slug}/${lang}`;
      const owner = taken.get(key);
      if (owner) throw new Error(`slug "${slug}" (${lang}) is already taken by ${owner}; rename one of the files`);
      taken.set(key, report.source);

      const media = mediaFor({ lang, siteRoot: post.siteRoot, postDir: path.dirname(post.file) });
      const body = convertBody(parts.body, {
        lang,
        useMath: mapped.fields.use_math,
        media,
        bodyLine: parts.bodyLine,
        readInclude: includeReader(post.siteRoot, path.dirname(post.file)),
        page: data,
        site: siteConfig(post.siteRoot),
        postUrl: (name) => {
          const found = slugs.get(name);
          return found ? postUrl(lang, found) : undefined;
        },
      });
      report.changes.push(...body.changes);
      report.remoteImages = media.remote;
      report.copiedImages = media.copied.map((c) => `${display(c.from)} -> ${c.name}`);
      if (body.hasMath && !mapped.fields.use_math) {
        mapped.fields.use_math = true;
        report.changes.push({ line: 1, level: 'note', message: 'the post has $$ math: use_math set so the KaTeX stylesheet loads' });
      }
      const mdx = `${renderFrontmatter(mapped.fields)}\n\n${body.text.replace(/^\n+/, '').replace(/\s*$/, '')}\n`;
      const problem = mdxProblem(mdx);
      if (problem)
        throw new Error(
          `the converted MDX does not parse${problem.line ? ` (line ${problem.line} of the output)` : ''}: ${problem.message}`,
        );

      if (existsSync(target)) {
        const current = await readFile(target, 'utf8');
        if (current === mdx) {
          report.status = 'unchanged';
          report.reason = 'already imported, identical';
          continue;
        }
        if (!options.force) {
          report.status = 'skipped';
          report.reason = `${display(target)} exists and differs; --force overwrites it`;
          continue;
        }
      }
      report.status = 'written';
      if (options.dryRun) continue;
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, mdx);
      for (const image of media.copied) await copyFile(image.from, path.join(path.dirname(target), image.name));
    } catch (error) {
      report.status = 'failed';
      report.reason = error instanceof Error ? error.message : String(error);
    }
  }
  return reports;
}
