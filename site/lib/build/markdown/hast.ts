/** The slice of a hast (HTML syntax tree) node that our rehype plugins read and write; one type for all of them. */
export interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
  value?: string;
  [key: string]: unknown;
}
