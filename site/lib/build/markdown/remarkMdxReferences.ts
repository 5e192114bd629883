/**
 * remark plugin for MDX: every capitalized tag must be a component the post imports or exports, or one of the
 * components posts get without an import (`mdxComponentNames`), and every relative import must name a file that
 * exists. Without it, an undefined `<NopeWidget/>` fails only while pages are written, naming the route instead of the
 * post, and a missing import is reported from the compiled code, at the wrong line. Errors name file:line:column.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RemarkPlugin } from '@astrojs/markdown-remark';
import { displayPath } from '../repoRoot.ts';

interface Point {
  line: number;
  column: number;
}
interface MdastNode {
  type: string;
  name?: string | null;
  position?: { start: Point };
  children?: MdastNode[];
  data?: { estree?: EstreeProgram };
}
interface EstreeNode {
  type: string;
  loc?: { start: { line: number; column: number } };
  source?: { value: unknown };
  specifiers?: { local: { name: string } }[];
  declaration?: EstreeNode | null;
  declarations?: { id: { type: string; name?: string } }[];
  id?: { name?: string } | null;
}
interface EstreeProgram {
  body: EstreeNode[];
}

/** Extensions Vite tries for an import written without one. */
const IMPORT_EXTENSIONS = ['', '.ts', '.tsx', '.js', '.mjs', '.jsx', '.astro', '.mdx', '.md', '.json', '/index.ts', '/index.js'];

/** Whether a bare import (`preact/hooks`) resolves from the post's folder or from the project. */
function packageExists(specifier: string, fromFile: string): boolean {
  for (const base of [fromFile, path.join(process.cwd(), 'package.json')]) {
    try {
      createRequire(base).resolve(specifier);
      return true;
    } catch (error) {
      // A package whose exports allow only `import` still exists; only a missing module is a problem.
      if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') return true;
    }
  }
  return false;
}

/** Whether an import of `specifier` from `fromFile` would find something. */
function importExists(specifier: string, fromFile: string): boolean {
  if (/^[a-z]+:/i.test(specifier)) return true; // astro:content, node:fs, virtual modules
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = path.resolve(path.dirname(fromFile), specifier.replace(/[?#].*$/, ''));
    return IMPORT_EXTENSIONS.some((ext) => existsSync(target + ext));
  }
  return packageExists(specifier, fromFile);
}

export const remarkMdxReferences: RemarkPlugin<[{ components: readonly string[] }]> = ({ components }) => {
  return (tree, file) => {
    if (!file.path || !/\.mdx$/.test(file.path.replace(/\?.*$/, ''))) return;
    const filePath = file.path.replace(/\?.*$/, '');
    const defined = new Set<string>([...components, 'Fragment', 'props']);
    const problems: string[] = [];
    const at = (point: Point | undefined) => `${displayPath(filePath)}:${point?.line ?? '?'}:${point?.column ?? '?'}`;
    const used: MdastNode[] = [];

    const walk = (node: MdastNode) => {
      if (node.type === 'mdxjsEsm') {
        for (const statement of node.data?.estree?.body ?? []) {
          const start = statement.loc ? { line: statement.loc.start.line, column: statement.loc.start.column + 1 } : node.position?.start;
          if (statement.type === 'ImportDeclaration') {
            for (const specifier of statement.specifiers ?? []) defined.add(specifier.local.name);
            const source = String(statement.source?.value ?? '');
            if (!importExists(source, filePath)) {
              problems.push(
                `${at(start)}: import "${source}" names no file (${path.resolve(path.dirname(filePath), source)} does not exist); fix the path or remove the import`,
              );
            }
          }
          const declaration = statement.declaration;
          if (declaration?.id?.name) defined.add(declaration.id.name);
          for (const d of declaration?.declarations ?? []) if (d.id.name) defined.add(d.id.name);
        }
      }
      if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name) used.push(node);
      for (const child of node.children ?? []) walk(child);
    };
    walk(tree as MdastNode);

    for (const node of used) {
      const name = node.name as string;
      const root = name.split('.')[0] as string;
      // Lowercase tags are HTML elements (and custom elements have a dash); only component names must be defined.
      if (!/^[A-Z]/.test(root) && !name.includes('.')) continue;
      if (defined.has(root)) continue;
      problems.push(
        `${at(node.position?.start)}: <${name}> is not a component this post can use; import it at the top of the file, or use one of ${components.join(', ')}`,
      );
    }
    if (problems.length > 0) {
      const error = new Error(
        `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${displayPath(filePath)}:\n  - ${problems.join('\n  - ')}`,
      );
      error.name = 'MdxReferenceError';
      throw error;
    }
  };
};
