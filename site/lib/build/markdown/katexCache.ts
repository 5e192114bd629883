/**
 * Two rehype plugins around rehype-katex, so each distinct formula is typeset and parsed into hast once per build
 * (a post repeats its symbols, and a site repeats formulas across posts): `rehypeKatexCached` (before it) puts the
 * stored rendering in place of a formula seen before; `rehypeKatexRemember` (after it) stores what it rendered, keyed by
 * the TeX that KaTeX's MathML keeps in its `<annotation>`.
 */
import type { RehypePlugin } from '@astrojs/markdown-remark';
import type { HastNode } from './hast.ts';

const rendered = new Map<string, HastNode>();

const classesOf = (node: HastNode): unknown[] => (Array.isArray(node.properties?.className) ? node.properties.className : []);
const textOf = (node: HastNode): string => (node.type === 'text' ? (node.value ?? '') : (node.children ?? []).map(textOf).join(''));
const keyOf = (display: boolean, tex: string): string => `${display ? 'display' : 'inline'}\n${tex}`;

/** Replaces, in every child list under `node`, the children `replace` returns a node for (and skips their insides). */
function replaceAll(node: HastNode, replace: (child: HastNode) => HastNode | undefined): void {
  const children = node.children ?? [];
  children.forEach((child, i) => {
    const replacement = replace(child);
    if (replacement) children[i] = replacement;
    else replaceAll(child, replace);
  });
}

function firstTag(node: HastNode, tagName: string): HastNode | undefined {
  for (const child of node.children ?? []) {
    const found = child.tagName === tagName ? child : firstTag(child, tagName);
    if (found) return found;
  }
  return undefined;
}

/** remark-math's formulas: `code.math-inline`, and `pre > code.math-display` (the `pre` is what KaTeX replaces). */
function formulaOf(node: HastNode): { display: boolean; tex: string } | undefined {
  const code = node.tagName === 'pre' && node.children?.length === 1 ? node.children[0] : node;
  const classes = code ? classesOf(code) : [];
  if (!code || !classes.includes('language-math')) return undefined;
  const display = classes.includes('math-display');
  if (display !== (node !== code)) return undefined;
  return { display, tex: textOf(code) };
}

export const rehypeKatexCached: RehypePlugin<[]> = () => (tree) => {
  replaceAll(tree as HastNode, (node) => {
    const formula = formulaOf(node);
    const stored = formula && rendered.get(keyOf(formula.display, formula.tex));
    return stored && structuredClone(stored);
  });
};

export const rehypeKatexRemember: RehypePlugin<[]> = () => (tree) => {
  replaceAll(tree as HastNode, (node) => {
    const classes = classesOf(node);
    const display = classes.includes('katex-display');
    if (!display && !classes.includes('katex')) return undefined;
    const annotation = firstTag(node, 'annotation');
    const key = annotation && keyOf(display, textOf(annotation));
    if (key && !rendered.has(key)) rendered.set(key, structuredClone(node));
    return node;
  });
};
