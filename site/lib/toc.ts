/** Turns the flat heading list Astro gives a rendered post into the nested table of contents the page shows. */

export interface Heading {
  depth: number;
  slug: string;
  text: string;
}

export interface TocItem extends Heading {
  children: TocItem[];
}

/** Nests headings between `minDepth` and `maxDepth`; a deeper heading goes under the nearest shallower one before it. */
export function buildToc(headings: readonly Heading[], minDepth = 2, maxDepth = 3): TocItem[] {
  const root: TocItem[] = [];
  const stack: TocItem[] = [];
  for (const heading of headings) {
    if (heading.depth < minDepth || heading.depth > maxDepth) continue;
    const item: TocItem = { ...heading, children: [] };
    while (stack.length > 0 && (stack[stack.length - 1] as TocItem).depth >= item.depth) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.children : root).push(item);
    stack.push(item);
  }
  return root;
}
