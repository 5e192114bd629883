/**
 * The glob loader for `content/posts/<slug>/<lang>.mdx`, plus the checks a schema cannot make because it never sees
 * the filename or the raw text: `lang` defaults to, and must agree with, the file's name; a date YAML silently moved
 * (`2026-02-30` → 2 March) is an error; and the folder as a whole is audited first (`build/contentAudit.ts`: stray
 * files, two sources for one page, case-colliding slugs, non-UTF-8 text, translations of nothing). Errors name the file.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Loader, LoaderContext } from 'astro/loaders';
import { glob } from 'astro/loaders';
import type { z } from 'astro/zod';
import { locales } from '../i18n.ts';
import { auditContent } from './contentAudit.ts';
import { impossibleDay } from './frontmatterValues.ts';
import { displayPath, REPO_ROOT } from './repoRoot.ts';

/** Where posts live; RECEPTIVE_CONTENT_DIR points tests at fixture content (relative to the project root or absolute). */
export function postsDir(): string {
  const fromEnv = process.env.RECEPTIVE_CONTENT_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(REPO_ROOT, 'content', 'posts');
}

/** `<slug>/<lang>` from a path relative to the posts folder. */
export function entryId(relativePath: string): string {
  return relativePath.replace(/\\/g, '/').replace(/\.(mdx|md)$/, '');
}

/** An error Astro prints with the post's file as its location. */
export class FrontmatterError extends Error {
  loc: { file: string };
  constructor(file: string, message: string) {
    super(`Invalid frontmatter in ${file}: ${message}`);
    this.name = 'FrontmatterError';
    this.loc = { file: path.resolve(file) };
  }
}

/** One line per problem, each naming the field: `field "title": Invalid input: expected string, received undefined`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], allowed: readonly string[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `field "${[...issue.path, key].join('.')}": unknown field (allowed: ${allowed.join(', ')})`);
    }
    const field = issue.path.length > 0 ? issue.path.join('.') : '(frontmatter)';
    if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
      return [`field "${field}": is required (expected ${issue.expected})`];
    }
    return [`field "${field}": ${issue.message}`];
  });
}

/** Validates like the collection will, but reports every problem with the file and the field before Astro's own message. */
function check(schema: z.ZodObject, data: Record<string, unknown>, file: string): void {
  const result = schema.safeParse(data);
  if (result.success) return;
  const lines = describeIssues(result.error.issues, Object.keys(schema.shape));
  throw new FrontmatterError(file, `\n  - ${lines.join('\n  - ')}`);
}

/**
 * Problems of the posts folder as a whole (see `auditContent`), one line each, followed by the frontmatter errors of
 * the same load, so a contributor sees everything at once.
 */
export class ContentFolderError extends Error {
  loc: { file: string };
  constructor(problems: readonly { file: string; message: string }[], frontmatter: readonly FrontmatterError[] = []) {
    const lines = problems.map((p) => `  - ${p.file}: ${p.message}`);
    const count = problems.length + frontmatter.length;
    super(
      `${count} problem${count === 1 ? '' : 's'} in the posts folder:\n${lines.join('\n')}` +
        frontmatter.map((e) => `\n${e.message}`).join(''),
    );
    this.name = 'ContentFolderError';
    this.loc = { file: path.resolve((problems[0]?.file ?? '').replace(/:\d+:\d+$/, '')) };
  }
}

/** The raw YAML text of `field` in a file's frontmatter (quotes and a trailing comment removed), if it is a one-line scalar. */
function rawScalar(filePath: string, field: string): string | undefined {
  const text = readFileSync(filePath, 'utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  const frontmatter = /^---\n([\s\S]*?)\n---(?:\n|$)/.exec(text)?.[1];
  const line = frontmatter?.split('\n').find((l) => l.startsWith(`${field}:`));
  return line
    ?.slice(field.length + 1)
    .replace(/\s+#.*$/, '')
    .trim()
    .replace(/^(['"])(.*)\1$/, '$2');
}

/** All bad files of one load in one error, so a contributor fixes every file in one go. */
function combined(errors: FrontmatterError[]): FrontmatterError {
  if (errors.length === 1) return errors[0] as FrontmatterError;
  const error = new FrontmatterError(`${errors.length} posts`, `\n${errors.map((e) => e.message).join('\n')}`);
  error.loc = (errors[0] as FrontmatterError).loc;
  return error;
}

/** `schema` is the collection's schema, passed in so problems are reported here with the file's name. */
export function postsLoader(schema: z.ZodObject): Loader {
  const base = postsDir();
  const inner = glob({ base, pattern: '*/*.{md,mdx}', generateId: ({ entry }) => entryId(entry) });
  return {
    name: 'receptive-posts',
    load: async (context: LoaderContext) => {
      // Folder-wide problems are reported together with the frontmatter errors of the load below.
      const problems = auditContent(base, locales, displayPath);
      // During the first full load, problems are collected and thrown together at the end; later (watch) reloads of a
      // single file throw at once.
      let collected: FrontmatterError[] | undefined = [];
      const parseData = (async (props: Parameters<LoaderContext['parseData']>[0]) => {
        const file = props.filePath ? displayPath(props.filePath) : props.id;
        try {
          const segments = props.id.split('/');
          if (segments.length !== 2) {
            throw new FrontmatterError(
              file,
              `field "lang" cannot be read from the path: posts must be <slug>/<lang>.mdx, got "${props.id}"`,
            );
          }
          const fileLang = segments[1] as string;
          const data = { ...props.data } as Record<string, unknown>;
          if (data.lang === undefined) data.lang = fileLang;
          else if (data.lang !== fileLang) {
            throw new FrontmatterError(
              file,
              `field "lang" is "${String(data.lang)}" but the file name says "${fileLang}" (${fileLang}.mdx)`,
            );
          }
          // YAML reads `2026-02-30` as 2 March: give the schema the text as written, so it reports the impossible day.
          for (const field of ['date', 'updated']) {
            const raw = props.filePath && data[field] instanceof Date ? rawScalar(props.filePath, field) : undefined;
            if (raw !== undefined && impossibleDay(raw)) data[field] = raw;
          }
          check(schema, data, file);
          return await context.parseData({ ...props, data });
        } catch (error) {
          if (!(error instanceof FrontmatterError) || !collected) throw error;
          collected.push(error);
          return props.data;
        }
      }) as LoaderContext['parseData'];
      try {
        await inner.load({ ...context, parseData });
      } catch (error) {
        // A file the audit already blamed (say, one not in UTF-8) may also trip the loader: report the cause, not that.
        if (problems.length === 0) throw error;
      }
      const errors = collected;
      collected = undefined;
      if (problems.length > 0) throw new ContentFolderError(problems, errors);
      if (errors.length > 0) throw combined(errors);
    },
  };
}
