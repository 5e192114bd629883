/**
 * Vitest globalSetup: ONE real `astro build` per test run, into `dist/`, shared by every test that needs the built site
 * (tests/build here, and the browser/e2e tests of other parts). Test files read its results with vitest's `inject`:
 *
 *   import { inject } from 'vitest';
 *   const distDir = inject('distDir');         // absolute path of the built site
 *   const buildSeconds = inject('buildSeconds'); // wall time of that build
 *
 * Set RECEPTIVE_SKIP_BUILD=1 to reuse an existing dist/ (handy while iterating on one test file); CI never sets it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { runAstro } from '../../scripts/lib/astroBuild.ts';
import { REPO_ROOT } from '../../site/lib/build/repoRoot.ts';

const distDir = path.join(REPO_ROOT, 'dist');

declare module 'vitest' {
  export interface ProvidedContext {
    distDir: string;
    buildSeconds: number;
    buildLog: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  let buildSeconds = 0;
  let buildLog = '';
  if (process.env.RECEPTIVE_SKIP_BUILD === '1' && existsSync(path.join(distDir, 'index.html'))) {
    buildLog = 'skipped: RECEPTIVE_SKIP_BUILD=1 reused the existing dist/';
  } else {
    const { code, output, seconds } = await runAstro(['build']);
    buildSeconds = seconds;
    buildLog = output;
    if (code !== 0) throw new Error(`astro build failed (exit ${code}):\n${output.slice(-4000)}`);
  }
  project.provide('distDir', distDir);
  project.provide('buildSeconds', buildSeconds);
  project.provide('buildLog', buildLog);
}
