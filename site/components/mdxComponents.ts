/** Components a post's MDX can use without importing them. Add demo islands and figures here and their names to lib/mdxComponentNames.ts. */

import type { MdxComponentName } from '../lib/mdxComponentNames.ts';
import AboutModels from './AboutModels.astro';
import Credit from './Credit.astro';
import Classifier from './demos/Classifier.astro';
import CompareNetworks from './demos/CompareNetworks.astro';
import InsideView from './demos/InsideView.astro';
import SpeedLab from './demos/SpeedLab.astro';
import Figure from './Figure.astro';
import DropoutFigure from './figures/DropoutFigure.astro';
import FilterSizeFigure from './figures/FilterSizeFigure.astro';
import InceptionFigure from './figures/InceptionFigure.astro';
import ReluTanhFigure from './figures/ReluTanhFigure.astro';
import TwoGroupsFigure from './figures/TwoGroupsFigure.astro';

export const mdxComponents = {
  Figure,
  Credit,
  AboutModels,
  Classifier,
  CompareNetworks,
  InsideView,
  SpeedLab,
  FilterSizeFigure,
  InceptionFigure,
  DropoutFigure,
  ReluTanhFigure,
  TwoGroupsFigure,
} satisfies Record<MdxComponentName, unknown>;
