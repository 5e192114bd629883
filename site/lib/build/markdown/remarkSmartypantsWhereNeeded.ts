/**
 * remark plugin: Astro's SmartyPants (remark-smartypants: `"` → “ ”, `--` → —, `...` → …), run only on a document that
 * holds something it could change. The plugin parses a document's whole text with retext twice, about 6% of the
 * build's CPU, and most of our posts (Korean, Japanese) hold no ASCII quote, dash pair or dot run in their prose. Where
 * one is found, the real plugin runs on the whole document, so every page is the same as with Astro's own switch.
 */
import type { RemarkPlugin } from '@astrojs/markdown-remark';
import remarkSmartypants from 'remark-smartypants';

interface MdastNode {
  type: string;
  value?: string;
  children?: MdastNode[];
}

/**
 * What SmartyPants may change, as found in one text node (it changes nothing else: quotes are paired across text
 * nodes, but each one changed is a `"` or `'` in some text node): quotes, backticks, `--`, and dots that may form an
 * ellipsis (`...`, `. . .`).
 * @example CHANGEABLE.test('with 3 channels, 27 weights') // false
 * @example CHANGEABLE.test('the GPU\'s memory') // true
 */
export const CHANGEABLE = /["'`]|--|\.\s*\./;

function anyChangeable(node: MdastNode): boolean {
  if (node.type === 'text') return CHANGEABLE.test(node.value ?? '');
  return node.children?.some(anyChangeable) ?? false;
}

export const remarkSmartypantsWhereNeeded: RemarkPlugin<[]> = () => {
  // The unified plugin, called as unified would (it reads no `this`), for the transform it returns.
  const smartypants = (remarkSmartypants as (options: object) => (tree: unknown) => void)({});
  return (tree) => {
    if (anyChangeable(tree as MdastNode)) smartypants(tree);
  };
};
