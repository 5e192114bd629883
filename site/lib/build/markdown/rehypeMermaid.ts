/**
 * rehype plugin: replaces ```mermaid code blocks with inline SVG rendered at build time, one SVG per diagram whose
 * colours follow the page theme through CSS custom properties. Readers download no mermaid JavaScript. In MDX the SVG
 * comes from a module the post imports (./diagramModules.ts), so pages that show the same diagram share one string.
 */
import type { RehypePlugin } from '@astrojs/markdown-remark';
import { diagramModuleId, identifierValue, importNode, uniqueIds } from './diagramModules.ts';
import { classesOf, type HastNode, textOf } from './hast.ts';
import { diagramKey, renderMermaid } from './mermaidRender.ts';

export interface RehypeMermaidOptions {
  /** Folder of cached SVGs, committed so that builds need no browser. */
  cacheDir: string;
}

const isMermaidCode = (node: HastNode): boolean =>
  node.type === 'element' && node.tagName === 'code' && classesOf(node).includes('language-mermaid');

/** Smallest size, in CSS px, that a diagram's label may be drawn at on a narrow screen; below it the diagram scrolls instead. */
export const MIN_LABEL_PX = 11;

/**
 * The width below which an SVG drawn by mermaid would shrink its labels under `MIN_LABEL_PX`: its natural width
 * (`max-width`) scaled by 11 / its font size. Undefined when the SVG states neither.
 * @example readableWidth('<svg style="max-width: 744px;"><style>#mmd-1{font-size:16px;}</style>') // 511.5
 */
export function readableWidth(svg: string): number | undefined {
  const natural = /max-width:\s*([\d.]+)px/.exec(svg)?.[1];
  const font = /#mmd-[\w-]+\s*\{[^}]*?font-size:\s*([\d.]+)px/.exec(svg)?.[1];
  if (!natural || !font) return undefined;
  return Math.min(Number(natural), (Number(natural) * MIN_LABEL_PX) / Number(font));
}

/**
 * The wrapper that replaces the `<pre>`: raw SVG markup through Astro's `set:html`, which MDX passes through untouched;
 * `html` is the markup itself or (MDX) the variable its module is imported as.
 */
function diagramNode(html: string | HastNode, minWidth: number | undefined): HastNode {
  return {
    type: 'mdxJsxFlowElement',
    name: 'div',
    attributes: [
      { type: 'mdxJsxAttribute', name: 'class', value: 'mermaid-diagram' },
      ...(minWidth ? [{ type: 'mdxJsxAttribute', name: 'style', value: `--readable-width: ${Math.ceil(minWidth)}px` }] : []),
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
    const isMdx = /\.mdx$/i.test(file.path ?? '');
    const imports: HastNode[] = [];
    let n = 0;
    for (const { parent, index, source } of found) {
      n += 1;
      let svg: string;
      try {
        svg = await renderMermaid(source, options.cacheDir);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`mermaid diagram #${n} in ${file.path ?? 'unknown file'} failed to render: ${message}`);
      }
      const key = diagramKey(source);
      const local = `receptiveDiagram${n}`;
      if (isMdx) imports.push(importNode(local, diagramModuleId(key, n)));
      const html = isMdx ? identifierValue(local) : uniqueIds(svg, key, String(n));
      (parent.children as HastNode[])[index] = diagramNode(html, readableWidth(svg));
    }
    tree.children = [...imports, ...(tree.children ?? [])];
  };
};
