/**
 * rehype plugin: Astro's own Shiki step (rehypeShiki, with our shikiConfig), run once per distinct code block of a
 * build. A post's translations repeat its code blocks word for word, so without this every block was tokenized in both
 * themes three times. A block is known by its whole `pre` subtree (language class, meta, text); a block seen before
 * gets a copy of what Shiki made of it, any other is highlighted alone by Astro's plugin, so pages are unchanged.
 */
import { type RehypePlugin, rehypeShiki } from '@astrojs/markdown-remark';
import { cloneHast, type HastNode } from './hast.ts';

type ShikiOptions = Parameters<typeof rehypeShiki>;

export interface RehypeShikiCachedOptions {
  shikiConfig: ShikiOptions[0];
  excludeLangs?: ShikiOptions[1];
}

/** The `pre` elements Astro's step would look at: a `pre` whose one child is a `code` element. */
function codeBlocks(node: HastNode, found: { parent: HastNode; index: number }[] = []): { parent: HastNode; index: number }[] {
  node.children?.forEach((child, index) => {
    const only = child.children?.length === 1 ? child.children[0] : undefined;
    if (child.tagName === 'pre' && only?.type === 'element' && only.tagName === 'code') found.push({ parent: node, index });
    else codeBlocks(child, found);
  });
  return found;
}

/** A key that differs whenever anything Shiki reads differs: the subtree without source positions. */
const keyOf = (pre: HastNode): string => JSON.stringify(pre, (key, value) => (key === 'position' ? undefined : value));

export const rehypeShikiCached: RehypePlugin<[RehypeShikiCachedOptions]> = ({ shikiConfig, excludeLangs }) => {
  const highlight = (rehypeShiki as (...args: ShikiOptions) => (tree: unknown) => Promise<void>)(shikiConfig, excludeLangs);
  /** What Astro's step made of each block; null where it left the block as it was (an excluded language: math, mermaid). */
  const highlighted = new Map<string, Promise<HastNode | null>>();
  return async (tree) => {
    for (const { parent, index } of codeBlocks(tree as HastNode)) {
      const children = parent.children as HastNode[];
      const pre = children[index] as HastNode;
      const key = keyOf(pre);
      let done = highlighted.get(key);
      if (!done) {
        // Astro's step on a root holding a copy of this block alone: it replaces the block in that root's child list.
        const copy = cloneHast(pre);
        const alone: HastNode = { type: 'root', children: [copy] };
        done = highlight(alone).then(() => (alone.children?.[0] === copy ? null : (alone.children?.[0] as HastNode)));
        highlighted.set(key, done);
        done.catch(() => highlighted.delete(key));
      }
      const result = await done;
      if (result) children[index] = cloneHast(result);
    }
  };
};
