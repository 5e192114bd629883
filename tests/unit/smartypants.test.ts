/** SmartyPants only where needed: the same trees as Astro's own remark-smartypants, on our posts and on what it changes. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { CHANGEABLE, remarkSmartypantsWhereNeeded } from '../../site/lib/build/markdown/remarkSmartypantsWhereNeeded.ts';
import { REPO_ROOT } from '../../site/lib/build/repoRoot.ts';

/** The mdast tree of `mdx` after `plugin`, as Astro's MDX pipeline parses it, without positions. */
function transformed(mdx: string, plugin: typeof remarkSmartypantsWhereNeeded | typeof remarkSmartypants): unknown {
  const processor = unified()
    .use(remarkParse)
    .use(remarkMdx)
    .use(remarkMath)
    .use(remarkGfm)
    .use(plugin as () => void);
  const tree = processor.runSync(processor.parse(mdx));
  return JSON.parse(JSON.stringify(tree, (key, value) => (key === 'position' ? undefined : value)));
}

const postsDir = path.join(REPO_ROOT, 'content', 'posts');
const posts = readdirSync(postsDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.mdx'));

describe('remarkSmartypantsWhereNeeded', () => {
  it('changes quotes, dashes, ellipses and backticks as remark-smartypants does, across inline nodes', () => {
    const text = ["He said \"the **GPU's** memory\" -- twice... and ``so'' on, as in the '80s.", '"Quoted" at the start'].join('\n\n');
    const ours = transformed(text, remarkSmartypantsWhereNeeded);
    expect(ours).toEqual(transformed(text, remarkSmartypants));
    expect(JSON.stringify(ours)).toContain('“the ');
    expect(JSON.stringify(ours)).toContain('GPU’s');
    expect(JSON.stringify(ours)).toContain('” — twice… and “so” on');
  });

  it('gives the same tree as remark-smartypants for every post, with and without something to change', () => {
    expect(posts.length).toBeGreaterThan(0);
    const changed = new Set<boolean>();
    for (const file of posts) {
      // Astro hands the MDX compiler the body, without the frontmatter.
      const mdx = readFileSync(path.join(postsDir, file), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
      const smart = transformed(mdx, remarkSmartypants);
      expect(transformed(mdx, remarkSmartypantsWhereNeeded), file).toEqual(smart);
      changed.add(JSON.stringify(smart) !== JSON.stringify(transformed(mdx, () => () => undefined)));
    }
    // The Korean original's prose has nothing to change, the English translation has apostrophes: both paths ran.
    expect([...changed].sort()).toEqual([false, true]);
  });

  it('finds nothing to change in prose without quotes, dashes or dot runs, and finds each of them', () => {
    expect(CHANGEABLE.test('채널이 C개일 때는 약 45%를 줄일 수 있습니다. 다음과 같습니다.')).toBe(false);
    for (const s of ['"a"', "it's", '``a', 'a -- b', 'a...', 'a. . .']) expect(CHANGEABLE.test(s), s).toBe(true);
  });
});
