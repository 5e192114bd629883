/**
 * The prose of a post (its sentences outside code, math and markup), from the Jekyll source or from MDX, and the
 * check that each sentence is on a built page: how the importer's promise "reads the same" is measured.
 */
import type { Node, Parent } from 'mdast';
import { applyEdits } from './edits.ts';
import { decodeEntities } from './escape.ts';
import { splitFrontmatter } from './frontmatter.ts';
import { markdownBlockEdits } from './kramdown.ts';
import { parseMarkdown, parseMdx } from './markdown.ts';

/** Nodes whose content is not prose, or breaks a sentence into pieces. */
const BREAKS = new Set([
  'code',
  'inlineCode',
  'math',
  'inlineMath',
  'image',
  'imageReference',
  'footnoteReference',
  'mdxJsxFlowElement',
  'mdxJsxTextElement',
  'mdxFlowExpression',
  'mdxTextExpression',
  'html',
]);

/** Text of HTML without its tags, comments, and the content of elements that are not prose. */
function htmlPieces(html: string): string[] {
  const cleaned = html
    .replace(/<!--[\s\S]*?(-->|$)/g, '\n')
    .replace(/<(script|style|pre|iframe|video|audio|object|textarea)\b[\s\S]*?(<\/\1\s*>|$)/gi, '\n')
    .replace(/<img\b[^>]*>/gi, '\n');
  return cleaned.split(/<[^>]*>/).map(decodeEntities);
}

/** Pieces of running text in a tree: a piece ends at a block's end or at anything that is not text. */
function pieces(tree: Node): string[] {
  const out: string[] = [];
  let current = '';
  const flush = () => {
    out.push(current);
    current = '';
  };
  const visit = (node: Node) => {
    if (node.type === 'text') {
      current += (node as unknown as { value: string }).value;
      return;
    }
    if (node.type === 'break') {
      // A hard line break is whitespace on the page, as a soft one is.
      current += ' ';
      return;
    }
    if (node.type === 'html') {
      flush();
      out.push(...htmlPieces((node as unknown as { value: string }).value));
      return;
    }
    if (BREAKS.has(node.type)) {
      flush();
      return;
    }
    const children = (node as Parent).children;
    if (!children) return;
    const block = !['emphasis', 'strong', 'delete', 'link', 'linkReference'].includes(node.type);
    if (block) flush();
    for (const child of children) visit(child);
    if (block) flush();
  };
  visit(tree);
  return out;
}

/** Whitespace collapsed, typographic quotes, dashes and ellipses (smartypants, kramdown) made plain, NFC. */
export function normalizeText(text: string): string {
  return (
    text
      .normalize('NFC')
      .replace(/[\u201c\u201d\u201e]|``|''/g, '"')
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/\u2026/g, '...')
      // kramdown makes `--` an en dash and `---` an em dash, smartypants `--` an em dash: every dash of two or more is one.
      .replace(/\u2014|\u2013|-{2,3}/g, '--')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Sentences of the pieces: split after `.!?。！？`, normalized, each with at least two letters. */
/** Stands where a Liquid tag was: the text on either side is two pieces. */
const CUT = '\uE002';

function sentences(parts: string[]): string[] {
  return parts
    .flatMap((part) => part.split(CUT))
    .flatMap((part) => normalizeText(part).split(/(?<=[.!?。！？])\s+/))
    .map((s) => s.trim())
    .filter((s) => (s.match(/\p{L}/gu) ?? []).length >= 2);
}

/**
 * Sentences of a Jekyll post outside code, math, Liquid tags and markup.
 * @example jekyllProse('---\ntitle: a\n---\nOne. Two `x` three.\n') → ['One.', 'Two', 'three.']
 */
export function jekyllProse(source: string, options: { useMath?: boolean } = {}): string[] {
  const text = splitFrontmatter(source.replace(/\r\n?/g, '\n'))?.body ?? source;
  // kramdown reads Markdown inside `<div markdown="1">`; so must the reader of its prose.
  const body = applyEdits(text, markdownBlockEdits(text, 0).edits).text;
  const stripped = body
    .replace(/\{%-?\s*highlight[\s\S]*?endhighlight\s*-?%\}/g, '\n\n')
    .replace(/\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}/g, '')
    .replace(/\{%-?\s*(raw|endraw)\s*-?%\}/g, '')
    .replace(/\{::comment\}[\s\S]*?\{:\/(comment)?\}/g, '')
    .replace(/^[ \t]*(?:[-*+]|\d+\.)[ \t]+[^\n]*\n[ \t]*\{:\s*toc\s*\}/gm, '')
    .replace(/\{:[^}\n]*\}/g, '');
  // Liquid tags and outputs are not prose (they become URLs or visible code); cut the text around them.
  const withoutLiquid = stripped.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, CUT);
  return sentences(pieces(parseMarkdown(withoutLiquid, options.useMath ?? false)));
}

/** Sentences of an MDX post outside code, math and components. */
export function mdxProse(source: string): string[] {
  const body = splitFrontmatter(source.replace(/\r\n?/g, '\n'))?.body ?? source;
  return sentences(pieces(parseMdx(body)));
}

/** The sentences not found in a page's text (both normalized). */
export function missingSentences(expected: readonly string[], pageText: string): string[] {
  const page = normalizeText(pageText);
  return expected.filter((sentence) => !page.includes(sentence));
}
