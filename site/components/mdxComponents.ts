/** Components a post's MDX can use without importing them. Add demo islands and figures here. */
import Credit from './Credit.astro';
import Figure from './Figure.astro';
import Classifier from './demos/Classifier.astro';
import CompareNetworks from './demos/CompareNetworks.astro';
import InsideView from './demos/InsideView.astro';

export const mdxComponents = {
  Figure,
  Credit,
  Classifier,
  CompareNetworks,
  InsideView,
};
