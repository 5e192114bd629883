/**
 * Shiki transformer: in a code block, a token drawn in the block's own colours becomes plain text, and each line's
 * `<span class="line">` gives way to its contents. global.css colours every span of a block from the
 * `--shiki-light`/`--shiki-dark` it inherits from the `pre`, so such a token looks the same without its span; a line
 * span carries nothing but its class (no site style reads it: the `pre` keeps the newlines between lines), so the block
 * reads and looks the same with far fewer elements (the seed post's block: 77 tokens and 13 lines become 45 spans). A
 * transformer rather than a rehype step: it runs inside Shiki, once per distinct block (rehypeShikiCached).
 */
import type { ShikiConfig } from '@astrojs/markdown-remark';
import { classesOf, type HastNode, isClassOnlySpan } from './hast.ts';

type ShikiTransformer = NonNullable<ShikiConfig['transformers']>[number];

/**
 * The `--shiki-light` and `--shiki-dark` of a style attribute, lower-cased, when it holds exactly those two.
 * @example ownColours('--shiki-light:#0E1116;--shiki-dark:#F0F3F6') // '#0e1116 #f0f3f6'
 * @example ownColours('--shiki-light:#0E1116;--shiki-dark:#F0F3F6;font-style:italic') // undefined
 */
export function ownColours(style: unknown): string | undefined {
  if (typeof style !== 'string') return undefined;
  const declarations = style
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => d.split(':').map((part) => part.trim().toLowerCase()));
  const light = declarations.find(([name]) => name === '--shiki-light')?.[1];
  const dark = declarations.find(([name]) => name === '--shiki-dark')?.[1];
  return declarations.length === 2 && light && dark ? `${light} ${dark}` : undefined;
}

/** The block's own colours: the two custom properties the `pre` starts its style with (background and more follow). */
function blockColours(pre: HastNode): string | undefined {
  const style = pre.properties?.style;
  if (typeof style !== 'string') return undefined;
  return ownColours(
    style
      .split(';')
      .filter((d) => /^\s*--shiki-(light|dark)\s*:/.test(d))
      .join(';'),
  );
}

/** The children of `parent` with each child that `unwrap` accepts replaced by its own children, neighbouring texts joined. */
function unwrapChildren(parent: HastNode, unwrap: (child: HastNode) => boolean): void {
  const children: HastNode[] = [];
  for (const child of parent.children ?? []) {
    for (const node of unwrap(child) ? (child.children ?? []) : [child]) {
      const last = children.at(-1);
      if (node.type === 'text' && last?.type === 'text') children[children.length - 1] = { ...last, value: `${last.value}${node.value}` };
      else children.push(node);
    }
  }
  parent.children = children;
}

/** A span with no attribute but `class="line"`: Shiki's wrapper of one line. */
const isBareLine = (node: HastNode): boolean => isClassOnlySpan(node, (c) => c === 'line');

export const plainCodeTokens: ShikiTransformer = {
  name: 'receptive:plain-code-tokens',
  pre(node) {
    const pre = node as unknown as HastNode;
    const colours = blockColours(pre);
    const code = pre.children?.find((c) => c.tagName === 'code');
    if (!colours || !code) return;
    for (const line of code.children ?? []) {
      if (!classesOf(line).includes('line')) continue;
      unwrapChildren(
        line,
        (token) =>
          token.type === 'element' &&
          token.tagName === 'span' &&
          classesOf(token).length === 0 &&
          ownColours(token.properties?.style) === colours,
      );
    }
    unwrapChildren(code, isBareLine);
  },
};
