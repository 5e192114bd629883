/** Components a post's MDX can use without importing them. Add demo islands and figures here. */
import Credit from './Credit.astro';
import Figure from './Figure.astro';

export const mdxComponents = {
  Figure,
  Credit,
};
