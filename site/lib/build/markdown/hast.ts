/** The slice of a hast (HTML syntax tree) node that our rehype plugins read and write; one type for all of them. */
export interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
  value?: string;
  [key: string]: unknown;
}

/** The text a node holds, its descendants' text nodes joined. */
export const textOf = (node: HastNode): string => (node.type === 'text' ? (node.value ?? '') : (node.children ?? []).map(textOf).join(''));

/** A node's classes: remark-rehype and rehype-katex write `className` as a list; Shiki writes `class` as one string. */
export function classesOf(node: HastNode): unknown[] {
  const className = node.properties?.className ?? node.properties?.class;
  return Array.isArray(className) ? className : typeof className === 'string' ? className.split(/\s+/) : [];
}
