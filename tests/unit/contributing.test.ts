/**
 * CONTRIBUTING.md stays true: its frontmatter table lists exactly the schema's fields, its component table every MDX
 * component, and every row of "What the build checks" names a test that exists.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postFields } from '../../site/content.config.ts';

const guide = readFileSync(new URL('../../CONTRIBUTING.md', import.meta.url), 'utf8');

/** The first-column names (in backticks) of the table under a `## heading`. */
function tableNames(heading: string, pattern: RegExp): string[] {
  const start = guide.indexOf(`## ${heading}`);
  expect(start, `CONTRIBUTING.md has a "## ${heading}" section`).toBeGreaterThanOrEqual(0);
  const end = guide.indexOf('\n## ', start + 3);
  const section = guide.slice(start, end === -1 ? undefined : end);
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => pattern.exec(line)?.[1] ?? '');
}

describe('CONTRIBUTING.md', () => {
  it('documents exactly the frontmatter fields of the schema', () => {
    const documented = tableNames('Frontmatter reference', /^\| `([^`]+)`/);
    expect([...documented].sort()).toEqual(Object.keys(postFields).sort());
  });

  it('documents every component a post can use without importing it', () => {
    const source = readFileSync(new URL('../../site/components/mdxComponents.ts', import.meta.url), 'utf8');
    const body = /export const mdxComponents\s*=\s*\{([\s\S]*?)\}/.exec(source)?.[1] ?? '';
    const registered = [...body.matchAll(/^\s*(\w+)\s*(?::|,|$)/gm)].map((m) => m[1] as string);
    expect(registered.length).toBeGreaterThan(0);
    const documented = tableNames('Figures and demos in MDX', /^\| `<(\w+)/);
    expect([...documented].sort()).toEqual([...registered].sort());
  });

  it('names an existing test for every row of "What the build checks"', () => {
    const start = guide.indexOf('## What the build checks');
    expect(start).toBeGreaterThanOrEqual(0);
    const section = guide.slice(start, guide.indexOf('\n## ', start + 3));
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| ---') && !line.startsWith('| what you wrote'));
    expect(rows.length).toBeGreaterThanOrEqual(13);
    for (const row of rows) {
      const cell = row.split(' | ').at(-1) ?? '';
      const file = /`(tests\/[^`]+)`/.exec(cell)?.[1] ?? 'tests/build/fail-loud.test.ts';
      const title = /"([^"]+)"/.exec(cell)?.[1];
      expect(title, `row without a test title: ${row}`).toBeTruthy();
      expect(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'), `${file} has no test "${title}"`).toContain(title);
    }
  });
});
