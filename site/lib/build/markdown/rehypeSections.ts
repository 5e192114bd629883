/**
 * rehype plugin: each h2 of a post, with everything after it up to the next h2, becomes one
 * `<section class="post-section">`. The browser then skips style and layout of the sections away from the viewport
 * (`content-visibility: auto`, global.css): on a long post, every web-font face that arrives (a Korean page needs
 * dozens) otherwise lays out the whole article again, which Lighthouse counted as most of the page's blocking time.
 * Only top-level nodes move, in order; MDX's import/export statements stay where MDX expects them.
 * @example <p>intro</p><h2>A</h2><p>a</p><h2>B</h2> → <p>intro</p><section><h2>A</h2><p>a</p></section><section><h2>B</h2></section>
 */
import type { RehypePlugin } from '@astrojs/markdown-remark';
import type { HastNode } from './hast.ts';

export const rehypeSections: RehypePlugin = () => {
  return (root) => {
    const out: HastNode[] = [];
    let section: HastNode[] | undefined;
    for (const child of root.children as HastNode[]) {
      if (child.type === 'element' && child.tagName === 'h2') {
        section = [];
        out.push({ type: 'element', tagName: 'section', properties: { className: ['post-section'] }, children: section });
      }
      if (section && child.type !== 'mdxjsEsm') section.push(child);
      else out.push(child);
    }
    root.children = out as typeof root.children;
  };
};
