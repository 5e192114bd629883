/** Which posts the models page lists: those whose MDX places a component that runs or describes the shipped networks. */
import { modelComponentNames } from './mdxComponentNames.ts';

const TAG = new RegExp(`<(?:${modelComponentNames.join('|')})(?=[\\s/>])`);

/**
 * Whether an MDX body places one of `modelComponentNames`; a tag shown inside code (a fenced block or backticks) is
 * text, not a component.
 * @example placesModels('<Classifier model="vgg" />') // true
 * @example placesModels('Write `<Classifier />` to add one.') // false
 */
export function placesModels(body: string): boolean {
  const prose = body.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[^\S\n]*$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
  return TAG.test(prose);
}
