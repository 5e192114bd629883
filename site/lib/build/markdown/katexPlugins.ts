/**
 * The rehype plugins around rehype-katex. `rehypeKatexCached` (before it) and `rehypeKatexRemember` (after it) make
 * each distinct formula typeset and parsed into hast once per build (a post repeats its symbols, a site repeats
 * formulas across posts): the first puts a stored rendering in place of a formula seen before, the second stores what
 * KaTeX rendered, keyed by the TeX its MathML keeps in `<annotation>`; `rehypeKatexWhereLeft` runs rehype-katex only on
 * a page that still has a formula once the stored ones are in place. `rehypeMathErrors` (right after rehype-katex):
 * rehype-katex catches KaTeX's errors itself and puts a red error span in the page (its `throwOnError` has no effect),
 * recording only a message on the file; this turns those messages into a build error naming the file, line:column, the
 * formula and KaTeX's reason, so broken math never reaches a reader.
 */
import type { RehypePlugin } from '@astrojs/markdown-remark';
import rehypeKatex, { type Options as KatexOptions } from 'rehype-katex';
import { displayPath } from '../repoRoot.ts';
import { classesOf, cloneHast, type HastNode, isClassOnlySpan, textOf } from './hast.ts';

const rendered = new Map<string, HastNode>();

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

/** rehype-katex's own test for what it renders: an element with any of these classes. */
const MATH_CLASSES = new Set(['language-math', 'math-display', 'math-inline']);

/** Set on each page by rehypeKatexCached: whether any formula is left for KaTeX once the stored ones are in place. */
interface MathData {
  katexLeft?: boolean;
}

export const rehypeKatexCached: RehypePlugin<[]> = () => (tree, file) => {
  let left = false;
  replaceAll(tree as HastNode, (node) => {
    const formula = formulaOf(node);
    const stored = formula && rendered.get(keyOf(formula.display, formula.tex));
    if (stored) return cloneHast(stored);
    if (!left && node.type === 'element' && classesOf(node).some((c) => MATH_CLASSES.has(c as string))) left = true;
    return undefined;
  });
  (file.data as MathData).katexLeft = left;
};

/**
 * rehype-katex itself, skipped on a page whose formulas all came from the store: its walk of the whole page would
 * find nothing to render (most pages of a site whose posts are translated, where every formula is repeated).
 */
export const rehypeKatexWhereLeft: RehypePlugin<[KatexOptions]> = (options) => {
  const render = rehypeKatex(options);
  return (tree, file) => ((file.data as MathData).katexLeft === false ? undefined : render(tree as never, file));
};

const SPACE = /^margin-right:\s*(-?[\d.]+)em;?$/;

/**
 * KaTeX's spaces between symbols are empty `<span class="mspace" style="margin-right:…em">` boxes (two around every
 * `=` and `×`): each becomes the same right margin on the symbol before it, which advances the line by as much, one
 * box fewer for the page to lay out. A space with nothing before it, after a symbol with a style, or of another
 * kind, stays.
 * @example `<span class="mrel">=</span><span class="mspace" style="margin-right:0.2778em">` → `<span class="mrel" style="margin-right:0.2778em">=</span>`
 */
export function foldMathSpaces(node: HastNode): void {
  const children = node.children ?? [];
  for (let i = children.length - 1; i > 0; i--) {
    const space = children[i] as HastNode;
    const before = children[i - 1] as HastNode;
    const em = SPACE.exec(String(space.properties?.style ?? ''))?.[1];
    const isSpace = space.tagName === 'span' && classesOf(space).join(' ') === 'mspace' && !space.children?.length;
    if (!isSpace || em === undefined || before.type !== 'element') continue;
    // A symbol with a style of its own (an italic correction is a margin too) keeps its space box: the browser rounds
    // each margin to its layout unit (1/64 px), so a sum can land a 64th of a pixel off the two apart.
    if (before.properties?.style !== undefined) continue;
    before.properties = { ...before.properties, style: `margin-right:${em}em` };
    children.splice(i, 1);
  }
  for (const child of children) foldMathSpaces(child);
}

/** KaTeX's atom classes, which no stylesheet styles (katex.css has no rule for them): they only name what a box is. */
const ATOM_CLASSES = new Set(['mord', 'mtight', 'mbin', 'mrel', 'mopen', 'mclose', 'mpunct', 'minner', 'mop']);
/** The classes katex.css styles by position (`.vlist > span`, `.vlist > span > span`, `.mfrac > span > span`). */
const POSITIONED_UNDER = ['vlist', 'mfrac'];

/** A `<span>` with only atom classes and exactly one child, an element: a group of one box that draws nothing itself. */
const isBareGroup = (node: HastNode): boolean =>
  isClassOnlySpan(node, (c) => ATOM_CLASSES.has(c)) && node.children?.length === 1 && node.children[0]?.type === 'element';

/**
 * KaTeX wraps a lone symbol in groups of one (a superscript's `<span class="mord mtight">` around its only letter): an
 * unstyled inline box around one child lays out and draws as that child alone, so the child takes its place. Not
 * under a `.vlist` or `.mfrac` or one level below them, where katex.css picks boxes by their place in the tree.
 * @example `<span class="mord mtight"><span class="mord mathnormal mtight">x</span></span>` → `<span class="mord mathnormal mtight">x</span>`
 */
export function unwrapMathGroups(node: HastNode, parent?: HastNode): void {
  const positioned = (n?: HastNode) => n !== undefined && classesOf(n).some((c) => POSITIONED_UNDER.includes(c as string));
  const children = node.children ?? [];
  if (!positioned(node) && !positioned(parent)) {
    for (let i = 0; i < children.length; i++) {
      while (isBareGroup(children[i] as HastNode)) children[i] = (children[i] as HastNode).children?.[0] as HastNode;
    }
  }
  for (const child of children) unwrapMathGroups(child, node);
}

export const rehypeKatexRemember: RehypePlugin<[]> = () => (tree, file) => {
  if ((file.data as MathData).katexLeft === false) return;
  replaceAll(tree as HastNode, (node) => {
    const classes = classesOf(node);
    const display = classes.includes('katex-display');
    if (!display && !classes.includes('katex')) return undefined;
    unwrapMathGroups(node);
    foldMathSpaces(node);
    const annotation = firstTag(node, 'annotation');
    const key = annotation && keyOf(display, textOf(annotation));
    if (key && !rendered.has(key)) rendered.set(key, cloneHast(node));
    return node;
  });
};

export const rehypeMathErrors: RehypePlugin<[]> = () => {
  return (_tree, file) => {
    const failures = file.messages.filter((m) => m.source === 'rehype-katex');
    if (failures.length === 0) return;
    // Vite may add a `?query` to the module's path.
    const where = displayPath(file.path?.replace(/\?.*$/, ''));
    const lines = failures.map((m) => {
      const ancestors = (m as { ancestors?: HastNode[] }).ancestors;
      const last = ancestors?.[ancestors.length - 1];
      const formula = (last ? textOf(last) : '').trim();
      const reason = String((m.cause as Error | undefined)?.message ?? m.reason).replace(/^KaTeX parse error: /, '');
      return `  - ${where}:${m.line ?? '?'}:${m.column ?? '?'}: the formula $${formula}$ cannot be rendered by KaTeX: ${reason}`;
    });
    const error = new Error(
      `${failures.length} formula${failures.length === 1 ? '' : 's'} in ${where} cannot be rendered; fix the TeX (KaTeX's message says where):\n${lines.join('\n')}`,
    );
    error.name = 'MathError';
    throw error;
  };
};
