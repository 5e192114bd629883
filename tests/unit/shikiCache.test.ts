/** Code highlighting once per distinct block: the same trees as Astro's own Shiki step, each page with its own copy. */
import { rehypeShiki } from '@astrojs/markdown-remark';
import rehypeStringify from 'rehype-stringify';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { rehypeShikiCached } from '../../site/lib/build/markdown/rehypeShikiCached.ts';

const shikiConfig = {
  themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } as const,
  defaultColor: false as const,
  wrap: false,
};
const excludeLangs = ['math', 'mermaid'];
/** One instance of the plugin's transformer (one cache), to use in several processors. */
const cachedStep = () => rehypeShikiCached.call(unified(), { shikiConfig, excludeLangs });

const MARKDOWN = [
  '```python\nimport torch\nconv = torch.nn.Conv2d(3, 64, 3)\n```',
  '```mermaid\nflowchart LR\n  A --> B\n```',
  '$$\nx^2\n$$',
  '```\nplain text\n```',
  '```ts title="a.ts"\nconst a: number = 1;\n```',
].join('\n\n');

async function html(plugin: 'astro' | 'cached', markdown: string, cached = cachedStep()) {
  const processor = unified()
    .use(remarkParse)
    .use(remarkMath)
    .use(remarkRehype)
    .use(plugin === 'astro' ? () => rehypeShiki.call(unified(), shikiConfig, excludeLangs) : () => cached)
    .use(rehypeStringify);
  return String(await processor.process(markdown));
}

describe('rehypeShikiCached', () => {
  it("writes what Astro's Shiki step writes, on highlighted and excluded languages alike, the first time and from its cache", async () => {
    const expected = await html('astro', MARKDOWN);
    expect(expected).toContain('--shiki-dark:');
    expect(expected).toContain('language-mermaid');
    const cached = cachedStep();
    expect(await html('cached', MARKDOWN, cached)).toBe(expected);
    expect(await html('cached', MARKDOWN, cached)).toBe(expected);
  });

  it('gives each page its own copy, so a later plugin changing one page leaves the next as Shiki made it', async () => {
    const cached = cachedStep();
    const run = async (markdown: string) => {
      const processor = unified()
        .use(remarkParse)
        .use(remarkRehype)
        .use(() => cached);
      const tree = await processor.run(processor.parse(markdown));
      return tree as unknown as { children: { tagName?: string; properties: Record<string, unknown> }[] };
    };
    const first = await run('```js\nlet a = 1;\n```');
    const pre = first.children.find((c) => c.tagName === 'pre');
    if (pre) pre.properties.dataChanged = 'yes';
    const second = await run('```js\nlet a = 1;\n```');
    expect(second.children.find((c) => c.tagName === 'pre')?.properties.dataChanged).toBeUndefined();
  });
});
