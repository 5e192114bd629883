/** Counts what a translation must keep from its original (headings, paragraphs, diagrams, formulas…) in a built post page, with a real HTML parser. */
import { type DefaultTreeAdapterTypes, parse } from 'parse5';

type Node = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.Document | DefaultTreeAdapterTypes.DocumentFragment;
type Element = DefaultTreeAdapterTypes.Element;

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

export function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

export function hasClass(element: Element, name: string): boolean {
  return (attr(element, 'class') ?? '').split(/\s+/).includes(name);
}

/** Every element under `root` in document order, not descending into the elements `skip` accepts. */
export function descendants(root: Node, skip: (element: Element) => boolean = () => false): Element[] {
  const found: Element[] = [];
  const visit = (node: Node) => {
    for (const child of 'childNodes' in node ? node.childNodes : []) {
      if (!isElement(child)) continue;
      found.push(child);
      if (!skip(child)) visit(child.tagName === 'template' ? (child as DefaultTreeAdapterTypes.Template).content : child);
    }
  };
  visit(root);
  return found;
}

export function parseHtml(html: string): DefaultTreeAdapterTypes.Document {
  return parse(html);
}

export function find(root: Node, predicate: (element: Element) => boolean): Element | undefined {
  return descendants(root).find(predicate);
}

/** Like `find`, but a missing element fails with a message saying what was looked for. */
export function findOne(root: Node, predicate: (element: Element) => boolean, what: string): Element {
  const element = find(root, predicate);
  if (!element) throw new Error(`no ${what} in the page`);
  return element;
}

export function textOf(node: Node): string {
  if ('value' in node && node.nodeName === '#text') return node.value;
  return ('childNodes' in node ? node.childNodes : []).map((child) => textOf(child as Node)).join('');
}

export interface ArticleStructure {
  headings: number;
  paragraphs: number;
  listItems: number;
  figures: number;
  /** Mermaid diagrams (one per figure), and the SVGs they are drawn with (a light and a dark one each). */
  diagrams: number;
  diagramSvgs: number;
  formulas: number;
  displayFormulas: number;
  codeBlocks: number;
  links: number;
}

/**
 * The structure of a post's body (`.prose`). Mermaid SVGs and KaTeX output are counted as one item each and not
 * looked into, so labels inside a diagram or a formula never count as paragraphs.
 */
export function articleStructure(html: string): ArticleStructure {
  const document = parseHtml(html);
  const prose = find(document, (e) => hasClass(e, 'prose'));
  if (!prose) throw new Error('no .prose element (the post body) in the page');
  const opaque = (e: Element) => e.tagName === 'svg' || hasClass(e, 'katex') || e.tagName === 'pre';
  const all = descendants(prose, opaque);
  const count = (predicate: (e: Element) => boolean) => all.filter(predicate).length;
  return {
    headings: count((e) => /^h[1-6]$/.test(e.tagName)),
    paragraphs: count((e) => e.tagName === 'p'),
    listItems: count((e) => e.tagName === 'li'),
    figures: count((e) => e.tagName === 'figure'),
    diagrams: count((e) => hasClass(e, 'mermaid-diagram')),
    diagramSvgs: count((e) => e.tagName === 'svg' && (attr(e, 'id') ?? '').startsWith('mmd-')),
    formulas: count((e) => hasClass(e, 'katex')),
    displayFormulas: count((e) => hasClass(e, 'katex-display')),
    codeBlocks: count((e) => e.tagName === 'pre'),
    links: count((e) => e.tagName === 'a'),
  };
}
