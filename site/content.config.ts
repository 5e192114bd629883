/**
 * The one place post frontmatter is defined. A post is `content/posts/<slug>/<lang>.mdx`; its entry id is `<slug>/<lang>`.
 * Jekyll's fields (layout, title, subtitle, categories, tags, comments, use_math) are understood so posts move over as-is.
 * To add a field (for example a translation's source), add it to `postFields` below; the object stays strict.
 */
import { defineCollection } from 'astro/content/config';
import { z } from 'astro/zod';
import { postsLoader } from './lib/build/postsLoader.ts';
import { SOURCE_HASH_PATTERN } from './lib/build/translationStatus.ts';
import { locales } from './lib/i18n.ts';

/** Jekyll accepts a list or a space-separated string for tags and categories; both become a list of names. */
const termList = z
  .union([z.string(), z.array(z.string().min(1))])
  .transform((value) => (typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value));

/** The fields of a post's frontmatter. Exported so tests (and later fields) build on the same definition. */
export const postFields = {
  title: z.string().min(1),
  subtitle: z.string().optional(),
  description: z.string().min(1).optional(),
  /** Publication date (YAML date or ISO string). */
  date: z.coerce.date(),
  updated: z.coerce.date().optional(),
  /** Filled from the filename when absent; when present it must match the filename. */
  lang: z.enum(locales),
  draft: z.boolean().default(false),
  categories: termList.default([]),
  tags: termList.default([]),
  /** Jekyll's layout name; every post renders with the post layout, so only `post` is accepted. */
  layout: z.literal('post').optional(),
  /** Jekyll's comments switch; kept for compatibility, the static site has no comment system. */
  comments: z.boolean().optional(),
  /** Jekyll's math switch: loads the KaTeX stylesheet on the page. Math is rendered at build time either way. */
  use_math: z.boolean().default(false),
  /** A translation names the locale of the original it was made from; the original itself leaves this out. */
  translationOf: z.enum(locales).optional(),
  /** sha256 prefix of the original's file when this translation was last synced (see `npm run i18n:status`). */
  sourceHash: z.string().regex(SOURCE_HASH_PATTERN, "must be 12 to 64 lowercase hex digits of the source file's sha256").optional(),
};

/** `translationOf` and `sourceHash` come together, and a post is not a translation of its own language. */
export const postSchema = z.strictObject(postFields).superRefine((post, ctx) => {
  if (post.translationOf !== undefined && post.sourceHash === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['sourceHash'],
      message: 'is required with translationOf (run npm run i18n:status for the value)',
    });
  }
  if (post.sourceHash !== undefined && post.translationOf === undefined) {
    ctx.addIssue({ code: 'custom', path: ['translationOf'], message: 'is required with sourceHash (the locale of the original)' });
  }
  if (post.translationOf !== undefined && post.translationOf === post.lang) {
    ctx.addIssue({ code: 'custom', path: ['translationOf'], message: `is "${post.lang}", the post's own language` });
  }
});
export type PostFrontmatter = z.output<typeof postSchema>;

const posts = defineCollection({
  loader: postsLoader(postSchema),
  schema: postSchema,
});

export const collections = { posts };
