/** `npm run check` (astro check, tsc, Biome, link checker) passes over the tree and the shared build. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../site/lib/build/repoRoot.ts';

describe('npm run check', () => {
  it('passes every gate with zero broken links', () => {
    // --no-build: the globalSetup's astro build is the dist to check.
    const result = spawnSync(process.execPath, ['--import', './scripts/lib/ts-resolve.mjs', 'scripts/check.ts', '--no-build'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toMatch(/internal links checked: 0 broken/);
    expect(result.status, output.slice(-3000)).toBe(0);
  }, 240_000);
});
