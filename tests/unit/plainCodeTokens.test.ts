/**
 * Shiki tokens in a block's own colours become text and bare line wrappers give way to their contents; every other
 * token, and every character, stays as Shiki made it.
 */
import { rehypeShiki } from '@astrojs/markdown-remark';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import type { HastNode } from '../../site/lib/build/markdown/hast.ts';
import { ownColours, plainCodeTokens } from '../../site/lib/build/markdown/plainCodeTokens.ts';

const shikiConfig = {
  themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } as const,
  defaultColor: false as const,
  wrap: false,
};
const MARKDOWN = [
  '```python\nimport torch.nn as nn\n\ndef n_params(module: nn.Module) -> int:\n    return sum(p.numel() for p in module.parameters())\n```',
  '```ts\n// a comment\nconst a: number = 1;\n```',
  '```mermaid\nflowchart LR\n  A --> B\n```',
].join('\n\n');

async function tree(plain: boolean): Promise<HastNode> {
  const config = plain ? { ...shikiConfig, transformers: [plainCodeTokens] } : shikiConfig;
  const processor = unified()
    .use(remarkParse)
    .use(remarkRehype)
    .use(() => rehypeShiki.call(unified(), config, ['mermaid']));
  return (await processor.run(processor.parse(MARKDOWN))) as unknown as HastNode;
}

/** Each `pre`'s text, and its styled tokens (style and text) in order. */
function blocks(root: HastNode) {
  const out: { text: string; styled: string[]; spans: number }[] = [];
  const textOf = (n: HastNode): string => (n.type === 'text' ? (n.value ?? '') : (n.children ?? []).map(textOf).join(''));
  const visit = (n: HastNode) => {
    if (n.tagName === 'pre') {
      const own = ownColours(
        String(n.properties?.style ?? '')
          .split(';')
          .slice(0, 2)
          .join(';'),
      );
      const styled: string[] = [];
      let spans = 0;
      const tokens = (m: HastNode) => {
        if (m.tagName === 'span') spans += 1;
        const style = m.properties?.style;
        if (m.tagName === 'span' && typeof style === 'string' && ownColours(style) !== own) styled.push(`${style} ${textOf(m)}`);
        for (const c of m.children ?? []) tokens(c);
      };
      tokens(n);
      out.push({ text: textOf(n), styled, spans });
      return;
    }
    for (const c of n.children ?? []) visit(c);
  };
  visit(root);
  return out;
}

describe('plainCodeTokens', () => {
  it('keeps every character and every token in another colour, and drops the spans of tokens in the block colours', async () => {
    const before = blocks(await tree(false));
    const after = blocks(await tree(true));
    expect(after.map((b) => b.text)).toEqual(before.map((b) => b.text));
    expect(after.map((b) => b.styled)).toEqual(before.map((b) => b.styled));
    // The Python and TypeScript blocks lose spans: their plain names and punctuation.
    expect(after[0]?.spans).toBeLessThan(before[0]?.spans ?? 0);
    expect(after[1]?.spans).toBeLessThan(before[1]?.spans ?? 0);
    const html = String(
      unified()
        .use(rehypeStringify)
        .stringify((await tree(true)) as never),
    );
    expect(html).toContain('<code><span style="--shiki-light:#A0111F;--shiki-dark:#FF9492">import</span> torch.nn ');
    // No line wrapper is left, and the lines are still lines: the text above kept every newline.
    expect(html).not.toContain('class="line"');
    expect(after[0]?.text.split('\n')).toHaveLength(4);
  });

  it('reads only a style of exactly the two colours, in any case', () => {
    expect(ownColours('--shiki-light:#0E1116;--shiki-dark:#F0F3F6')).toBe('#0e1116 #f0f3f6');
    expect(ownColours('--shiki-light:#0e1116; --shiki-dark:#f0f3f6;')).toBe('#0e1116 #f0f3f6');
    expect(ownColours('--shiki-light:#0E1116;--shiki-dark:#F0F3F6;font-style:italic')).toBeUndefined();
    expect(ownColours('--shiki-light:#0E1116')).toBeUndefined();
    expect(ownColours(undefined)).toBeUndefined();
  });

  it('leaves a token in the block colours that is also italic or bold', async () => {
    const line: HastNode = {
      type: 'element',
      tagName: 'span',
      properties: { className: ['line'] },
      children: [
        {
          type: 'element',
          tagName: 'span',
          properties: { style: '--shiki-light:#111;--shiki-dark:#eee;font-style:italic' },
          children: [{ type: 'text', value: 'a' }],
        },
        {
          type: 'element',
          tagName: 'span',
          properties: { style: '--shiki-light:#111;--shiki-dark:#EEE' },
          children: [{ type: 'text', value: 'b' }],
        },
        {
          type: 'element',
          tagName: 'span',
          properties: { style: '--shiki-light:#111;--shiki-dark:#EEE' },
          children: [{ type: 'text', value: 'c' }],
        },
      ],
    };
    const pre: HastNode = {
      type: 'element',
      tagName: 'pre',
      properties: {
        className: ['astro-code'],
        style: '--shiki-light:#111;--shiki-dark:#eee;--shiki-light-bg:#fff;--shiki-dark-bg:#000',
      },
      children: [{ type: 'element', tagName: 'code', properties: {}, children: [line] }],
    };
    (plainCodeTokens.pre as (node: HastNode) => void)(pre);
    expect(line.children?.map((c) => (c.type === 'text' ? c.value : c.properties?.style))).toEqual([
      '--shiki-light:#111;--shiki-dark:#eee;font-style:italic',
      'bc',
    ]);
  });

  it('keeps a line wrapper that carries more than its class (a highlighted line, a data attribute)', () => {
    const line = (properties: HastNode['properties'], text: string): HastNode => ({
      type: 'element',
      tagName: 'span',
      properties,
      children: [{ type: 'text', value: text }],
    });
    const code: HastNode = {
      type: 'element',
      tagName: 'code',
      properties: {},
      children: [
        line({ className: ['line'] }, 'a'),
        { type: 'text', value: '\n' },
        line({ className: ['line', 'highlighted'] }, 'b'),
        { type: 'text', value: '\n' },
        line({ className: ['line'], dataLine: '3' }, 'c'),
        { type: 'text', value: '\n' },
        line({ className: ['line'] }, 'd'),
      ],
    };
    const pre: HastNode = {
      type: 'element',
      tagName: 'pre',
      properties: { style: '--shiki-light:#111;--shiki-dark:#eee' },
      children: [code],
    };
    (plainCodeTokens.pre as (node: HastNode) => void)(pre);
    expect(code.children?.map((c) => (c.type === 'text' ? c.value : `[${c.children?.[0]?.value}]`))).toEqual([
      'a\n',
      '[b]',
      '\n',
      '[c]',
      '\nd',
    ]);
  });
});
