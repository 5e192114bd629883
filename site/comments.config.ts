/**
 * Comments: the one place they are configured. giscus (https://giscus.app) keeps a post's comments in a GitHub
 * Discussions category. Comments stay off while `repo` is empty; a post asks for them with `comments: true`.
 * Fill in the values giscus.app gives for your repository (the `data-*` attributes of its snippet), or set
 * RECEPTIVE_GISCUS to the same object as JSON at build time (used by the tests and by deploys that keep config out of git).
 */
import { type GiscusSettings, giscusSettings } from './lib/comments.ts';

export const giscus: GiscusSettings | undefined = giscusSettings(
  {
    repo: '',
    repoId: '',
    category: '',
    categoryId: '',
    mapping: 'pathname',
  },
  process.env.RECEPTIVE_GISCUS,
);
