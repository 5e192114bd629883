/**
 * The glob loader for `content/posts/<slug>/<lang>.mdx`, plus the checks a schema cannot make because it never sees
 * the filename: `lang` defaults to, and must agree with, the file's name. Errors name the file and the field.
 */

import path from 'node:path';
import type { Loader, LoaderContext } from 'astro/loaders';
import { glob } from 'astro/loaders';
import type { z } from 'astro/zod';
import { REPO_ROOT } from './repoRoot.ts';

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

/** A path for messages: relative to the project when inside it, absolute otherwise. */
function displayPath(filePath: string): string {
  const relative = path.relative(process.cwd(), filePath);
  return relative.startsWith('..') ? filePath : relative;
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
          check(schema, data, file);
          return await context.parseData({ ...props, data });
        } catch (error) {
          if (!(error instanceof FrontmatterError) || !collected) throw error;
          collected.push(error);
          return props.data;
        }
      }) as LoaderContext['parseData'];
      await inner.load({ ...context, parseData });
      const errors = collected;
      collected = undefined;
      if (errors.length > 0) throw combined(errors);
    },
  };
}
