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

/**
 * A `<span>` whose only attribute is its class, with at least one class that `accept` takes and none it refuses: a
 * wrapper that draws nothing of its own, which our plugins may replace by its contents.
 * @example isClassOnlySpan({ type: 'element', tagName: 'span', properties: { class: 'line' } }, (c) => c === 'line') // true
 */
export function isClassOnlySpan(node: HastNode, accept: (className: string) => boolean): boolean {
  const classes = classesOf(node);
  return (
    node.type === 'element' &&
    node.tagName === 'span' &&
    Object.keys(node.properties ?? {}).every((name) => name === 'className' || name === 'class') &&
    classes.length > 0 &&
    classes.every((c) => accept(String(c)))
  );
}

/**
 * A copy of a subtree that later plugins may change in place without touching the original: its nodes, child lists,
 * property objects and list values are new; strings, positions and `data` are shared, as no plugin changes them.
 * Several times faster than structuredClone, which serializes the whole subtree (most of KaTeX's cost in a build).
 */
export function cloneHast(node: HastNode): HastNode {
  const copy: HastNode = { ...node };
  if (node.properties) {
    copy.properties = {};
    for (const [key, value] of Object.entries(node.properties)) copy.properties[key] = Array.isArray(value) ? [...value] : value;
  }
  if (node.children) copy.children = node.children.map(cloneHast);
  return copy;
}
