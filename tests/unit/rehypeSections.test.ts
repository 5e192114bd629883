/** One section per h2: what rehypeSections moves and what it leaves where it was. */
import { describe, expect, it } from 'vitest';
import type { HastNode } from '../../site/lib/build/markdown/hast.ts';
import { rehypeSections } from '../../site/lib/build/markdown/rehypeSections.ts';

const el = (tagName: string, text = ''): HastNode => ({
  type: 'element',
  tagName,
  properties: {},
  children: [{ type: 'text', value: text }],
});
const shape = (nodes: HastNode[]): unknown =>
  nodes.map((n) => (n.tagName === 'section' ? { section: shape(n.children ?? []) } : (n.tagName ?? n.type)));

function run(children: HastNode[]): HastNode[] {
  const root = { type: 'root', children } as HastNode;
  (rehypeSections as unknown as () => (root: HastNode) => void)()(root);
  return root.children ?? [];
}

describe('rehypeSections', () => {
  it('wraps each h2 and what follows it up to the next h2; the intro stays outside', () => {
    const out = run([el('p'), el('h2'), el('p'), el('h3'), el('ul'), el('h2'), el('figure')]);
    expect(shape(out)).toEqual(['p', { section: ['h2', 'p', 'h3', 'ul'] }, { section: ['h2', 'figure'] }]);
    expect(out[1]?.properties?.className).toEqual(['post-section']);
  });

  it("keeps MDX's import/export statements at the top level, and leaves a post without h2 as it was", () => {
    const esm: HastNode = { type: 'mdxjsEsm', value: 'export const x = 1' };
    expect(shape(run([el('h2'), el('p'), esm, el('p')]))).toEqual([{ section: ['h2', 'p', 'p'] }, 'mdxjsEsm']);
    expect(shape(run([el('p'), el('h3'), el('p')]))).toEqual(['p', 'h3', 'p']);
  });
});
