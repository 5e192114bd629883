/**
 * rehype plugin: what readers of a blog expect around the prose, added at build time. A `#` link after every section
 * heading (h2–h4, ids from Astro's slugger), and a copy button on every highlighted code block, hidden until the
 * page's script (site/client/readerTools.ts) enables it, so a page without JavaScript shows no dead button.
 */
import type { RehypePlugin } from '@astrojs/markdown-remark';
import { format, isLocale, type Locale, ui } from '../../i18n.ts';
import { classesOf, type HastNode, textOf } from './hast.ts';

const ANCHORED = new Set(['h2', 'h3', 'h4']);

/** The language of a post file from its name (`content/posts/<slug>/<lang>.mdx`); Korean, the original, otherwise. */
export function fileLocale(path: string | undefined): Locale {
  const name = /([a-z]{2})\.mdx?$/.exec(path ?? '')?.[1];
  return isLocale(name) ? name : 'ko';
}

/**
 * The anchor is an empty link named by `aria-label` (its `#` is drawn by CSS): Astro's heading collector, the table of
 * contents and the search index read a heading's text nodes, and must not see a stray `#`.
 */
function anchorFor(id: string, heading: string, lang: Locale): HastNode {
  return {
    type: 'element',
    tagName: 'a',
    properties: {
      className: ['heading-anchor'],
      href: `#${id}`,
      ariaLabel: format(ui(lang)['post.anchor'], { heading }),
      dataPagefindIgnore: '',
    },
    children: [],
  };
}

function copyButton(lang: Locale): HastNode {
  const t = ui(lang);
  return {
    type: 'element',
    tagName: 'button',
    properties: {
      type: 'button',
      className: ['code-copy'],
      hidden: true,
      dataCopied: t['post.copied'],
      dataCopyFailed: t['post.copyFailed'],
      dataPagefindIgnore: '',
    },
    children: [{ type: 'text', value: t['post.copy'] }],
  };
}

/** Runs after Astro's `rehypeHeadingIds` (listed before it in astro.config.mjs), so every heading has its id. */
export const rehypeReaderTools: RehypePlugin = () => {
  return (root, file) => {
    const lang = fileLocale(file.path);
    let codeBlocks = 0;
    const visit = (node: HastNode) => {
      const children = node.children ?? [];
      children.forEach((child, index) => {
        if (child.type !== 'element') return;
        const id = child.properties?.id;
        if (child.tagName && ANCHORED.has(child.tagName) && typeof id === 'string') {
          child.children = [...(child.children ?? []), anchorFor(id, textOf(child).trim(), lang)];
          return;
        }
        if (child.tagName === 'pre' && classesOf(child).includes('astro-code')) {
          codeBlocks += 1;
          children[index] = {
            type: 'element',
            tagName: 'div',
            properties: { className: ['code-block'] },
            children: [child, copyButton(lang)],
          };
          return;
        }
        visit(child);
      });
    };
    visit(root as unknown as HastNode);
    // Read by the post page (render()'s remarkPluginFrontmatter): the copy buttons' script loads only where there is code.
    const data = file.data as { astro?: { frontmatter?: Record<string, unknown> } };
    data.astro ??= {};
    data.astro.frontmatter ??= {};
    data.astro.frontmatter.codeBlocks = codeBlocks;
  };
};
