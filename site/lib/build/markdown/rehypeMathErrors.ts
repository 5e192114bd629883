/**
 * rehype plugin, after rehype-katex: rehype-katex catches KaTeX's errors itself and puts a red error span in the page
 * (its `throwOnError` has no effect), recording only a message on the file. This turns those messages into a build
 * error naming the file, line:column, the formula and KaTeX's reason, so broken math never reaches a reader.
 */
import path from 'node:path';
import type { RehypePlugin } from '@astrojs/markdown-remark';

interface TextNode {
  type: string;
  value?: string;
  children?: TextNode[];
}

/** The text of a hast node (the formula rehype-katex was given). */
function textOf(node: TextNode | undefined): string {
  if (!node) return '';
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

/** A file path for messages: relative to the working directory when inside it. */
function displayPath(file: string | undefined): string {
  if (!file) return '(unknown file)';
  const clean = file.replace(/\?.*$/, '');
  const relative = path.relative(process.cwd(), clean);
  return relative.startsWith('..') ? clean : relative;
}

export const rehypeMathErrors: RehypePlugin<[]> = () => {
  return (_tree, file) => {
    const failures = file.messages.filter((m) => m.source === 'rehype-katex');
    if (failures.length === 0) return;
    const where = displayPath(file.path);
    const lines = failures.map((m) => {
      const ancestors = (m as { ancestors?: TextNode[] }).ancestors;
      const formula = textOf(ancestors?.[ancestors.length - 1]).trim();
      const reason = String((m.cause as Error | undefined)?.message ?? m.reason).replace(/^KaTeX parse error: /, '');
      return `  - ${where}:${m.line ?? '?'}:${m.column ?? '?'}: the formula $${formula}$ cannot be rendered by KaTeX: ${reason}`;
    });
    const error = new Error(
      `${failures.length} formula${failures.length === 1 ? '' : 's'} in ${where} cannot be rendered; fix the TeX (KaTeX's message says where):\n${lines.join('\n')}`,
    );
    error.name = 'MathError';
    throw error;
  };
};
