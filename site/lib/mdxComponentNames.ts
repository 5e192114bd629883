/**
 * Names of the components a post's MDX can use without an import. `components/mdxComponents.ts` must provide exactly
 * these (a type check), and the build refuses any other capitalized tag that the post does not import or export.
 */
export const mdxComponentNames = [
  'Figure',
  'Credit',
  'AboutModels',
  'SpeedLab',
  'Classifier',
  'CompareNetworks',
  'InsideView',
  'FilterSizeFigure',
  'InceptionFigure',
  'DropoutFigure',
  'ReluTanhFigure',
  'TwoGroupsFigure',
] as const;

export type MdxComponentName = (typeof mdxComponentNames)[number];

/** The components that run or describe the shipped networks: the models page lists the posts that place one. */
export const modelComponentNames = [
  'AboutModels',
  'SpeedLab',
  'Classifier',
  'CompareNetworks',
  'InsideView',
  'DropoutFigure',
] as const satisfies readonly MdxComponentName[];
