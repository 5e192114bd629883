/**
 * Each distinct diagram of an MDX post as one JavaScript module (`export default "<svg…>"`) that the post's compiled
 * module imports, instead of a copy of the SVG string inside every page module. Over 300 posts x 3 languages the copies
 * cost about 1 MB of build memory per page and garbage collection that grew faster than the post count; the page HTML
 * is the same either way.
 */
import type { Plugin } from 'vite';
import type { HastNode } from './hast.ts';
import { placeholderId, renderedDiagram } from './mermaidRender.ts';

const PREFIX = 'virtual:receptive-diagram/';

/**
 * The module id of a diagram: its content key and its number in the post (which its element ids carry).
 * @example diagramModuleId('0123456789abcdef…', 2) // 'virtual:receptive-diagram/0123456789abcdef…-2'
 */
export function diagramModuleId(key: string, n: number): string {
  return `${PREFIX}${key}-${n}`;
}

/**
 * Ids inside an inline SVG are global to the page: each diagram of a post gets its own prefix, its number in the post
 * after six hex digits of its content hash (the id is repeated in every rule of the diagram's stylesheet).
 * @example uniqueIds('<svg id="mmd-0123456789abcdef">', '0123456789abcdef…', '2') // '<svg id="mmd-0123452">'
 */
export function uniqueIds(svg: string, key: string, suffix: string): string {
  return svg.split(placeholderId(key)).join(`mmd-${key.slice(0, 6)}${suffix}`);
}

/** A hast `mdxjsEsm` node: `import <local> from '<source>'`, with the ESTree that MDX compiles it from. */
export function importNode(local: string, source: string): HastNode {
  return {
    type: 'mdxjsEsm',
    value: `import ${local} from ${JSON.stringify(source)};`,
    data: {
      estree: {
        type: 'Program',
        sourceType: 'module',
        body: [
          {
            type: 'ImportDeclaration',
            specifiers: [{ type: 'ImportDefaultSpecifier', local: { type: 'Identifier', name: local } }],
            source: { type: 'Literal', value: source, raw: JSON.stringify(source) },
            attributes: [],
          },
        ],
      },
    },
  };
}

/** A JSX attribute value that is the variable `name` (`{name}` in MDX source). */
export function identifierValue(name: string): HastNode {
  return {
    type: 'mdxJsxAttributeValueExpression',
    value: name,
    data: {
      estree: {
        type: 'Program',
        sourceType: 'module',
        body: [{ type: 'ExpressionStatement', expression: { type: 'Identifier', name } }],
      },
    },
  };
}

/** The Vite plugin that serves `diagramModuleId`s: the diagrams rehypeMermaid rendered or found in its cache folder. */
export function diagramModules(options: { cacheDir: string }): Plugin {
  return {
    name: 'receptive:diagram-modules',
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : undefined;
    },
    async load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return undefined;
      const match = /^([0-9a-f]{64})-(\d+)$/.exec(id.slice(PREFIX.length + 1));
      if (!match) throw new Error(`diagram module id "${id.slice(1)}" is not ${PREFIX}<sha256>-<number>`);
      const [, key = '', n = ''] = match;
      let svg: string;
      try {
        svg = await renderedDiagram(key, options.cacheDir);
      } catch (error) {
        throw new Error(
          `diagram ${key.slice(0, 12)} is not in ${options.cacheDir} (rehypeMermaid puts it there before a page imports it)`,
          {
            cause: error,
          },
        );
      }
      return `export default ${JSON.stringify(uniqueIds(svg, key, n))};`;
    },
  };
}
