/**
 * The glob loader for `content/posts/<slug>/<lang>.mdx`, plus the checks a schema cannot make because it never sees
 * the filename: `lang` defaults to, and must agree with, the file's name. Errors name the file and the field.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Loader, LoaderContext } from 'astro/loaders';
import { glob } from 'astro/loaders';

/** Where posts live; RECEPTIVE_CONTENT_DIR points tests at fixture content (relative to the project root or absolute). */
export function postsDir(): string {
  const fromEnv = process.env.RECEPTIVE_CONTENT_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  return fileURLToPath(new URL('../../content/posts', import.meta.url));
}

/** `<slug>/<lang>` from a path relative to the posts folder. */
export function entryId(relativePath: string): string {
  return relativePath.replace(/\\/g, '/').replace(/\.(mdx|md)$/, '');
}

export class FrontmatterError extends Error {
  constructor(file: string, field: string, problem: string) {
    super(`Invalid frontmatter in ${file}: field "${field}" ${problem}`);
    this.name = 'FrontmatterError';
  }
}

/** Prefixes any schema error with the file it came from, so the build log points at the file before the details. */
function withFile(error: unknown, file: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes(file)) return error instanceof Error ? error : new Error(message);
  const wrapped = new Error(`Invalid frontmatter in ${file}:\n${message}`, { cause: error });
  wrapped.name = 'FrontmatterError';
  return wrapped;
}

export function postsLoader(): Loader {
  const base = postsDir();
  const inner = glob({ base, pattern: '*/*.{md,mdx}', generateId: ({ entry }) => entryId(entry) });
  return {
    name: 'receptive-posts',
    load: async (context: LoaderContext) => {
      const parseData: LoaderContext['parseData'] = async (props) => {
        const file = props.filePath ? path.relative(process.cwd(), props.filePath) : props.id;
        const segments = props.id.split('/');
        if (segments.length !== 2) {
          throw new FrontmatterError(file, 'lang', `cannot be read from the path: posts must be <slug>/<lang>.mdx, got "${props.id}"`);
        }
        const fileLang = segments[1] as string;
        const data = { ...props.data } as Record<string, unknown>;
        if (data.lang === undefined) data.lang = fileLang;
        else if (data.lang !== fileLang) {
          throw new FrontmatterError(file, 'lang', `is "${String(data.lang)}" but the file name says "${fileLang}" (${fileLang}.mdx)`);
        }
        try {
          return await context.parseData({ ...props, data });
        } catch (error) {
          throw withFile(error, file);
        }
      };
      return inner.load({ ...context, parseData });
    },
  };
}
