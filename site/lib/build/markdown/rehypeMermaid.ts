/**
 * rehype plugin: replaces ```mermaid code blocks with inline SVG rendered at build time, one light and one dark
 * rendering that CSS shows or hides by theme. Readers download no mermaid JavaScript.
 */
import type { RehypePlugin } from '@astrojs/markdown-remark';
import { diagramKey, placeholderId, renderMermaid } from './mermaidRender.ts';

interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
  value?: string;
  [key: string]: unknown;
}

export interface RehypeMermaidOptions {
  /** Folder of cached SVGs, committed so that builds need no browser. */
  cacheDir: string;
}

function isMermaidCode(node: HastNode): boolean {
  if (node.type !== 'element' || node.tagName !== 'code') return false;
  const className = node.properties?.className;
  const classes = Array.isArray(className) ? className : typeof className === 'string' ? className.split(/\s+/) : [];
  return classes.includes('language-mermaid');
}

function textOf(node: HastNode): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

/** Ids inside an inline SVG are global to the page: give each rendering on the page its own prefix. */
function uniqueIds(svg: string, key: string, suffix: string): string {
  return svg.split(placeholderId(key)).join(`${placeholderId(key)}-${suffix}`);
}

/** The wrapper that replaces the `<pre>`: raw SVG markup through Astro's `set:html`, which MDX passes through untouched. */
function diagramNode(html: string): HastNode {
  return {
    type: 'mdxJsxFlowElement',
    name: 'div',
    attributes: [
      { type: 'mdxJsxAttribute', name: 'class', value: 'mermaid-diagram' },
      { type: 'mdxJsxAttribute', name: 'set:html', value: html },
    ],
    children: [],
  };
}

export const rehypeMermaid: RehypePlugin<[RehypeMermaidOptions]> = (options) => {
  return async (root, file) => {
    const tree = root as unknown as HastNode;
    const found: { parent: HastNode; index: number; source: string }[] = [];
    const walk = (node: HastNode) => {
      const children = node.children ?? [];
      children.forEach((child, index) => {
        const code = child.type === 'element' && child.tagName === 'pre' ? child.children?.find(isMermaidCode) : undefined;
        if (code) found.push({ parent: node, index, source: textOf(code) });
        else walk(child);
      });
    };
    walk(tree);
    let n = 0;
    for (const { parent, index, source } of found) {
      n += 1;
      const parts: string[] = [];
      for (const theme of ['light', 'dark'] as const) {
        let svg: string;
        try {
          svg = await renderMermaid(source, theme, options.cacheDir);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw new Error(`mermaid diagram #${n} in ${file.path ?? 'unknown file'} failed to render (${theme}): ${message}`);
        }
        const key = diagramKey(source, theme);
        parts.push(`<div class="mermaid-${theme}">${uniqueIds(svg, key, String(n))}</div>`);
      }
      (parent.children as HastNode[])[index] = diagramNode(parts.join(''));
    }
  };
};
