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
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildEnv } from '../../scripts/lib/buildEnv.ts';
import { locateChromium } from '../../site/lib/build/chromium.ts';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const distDir = path.join(projectRoot, 'dist');
export const astroBin = path.join(projectRoot, 'node_modules/astro/bin/astro.mjs');

declare module 'vitest' {
  export interface ProvidedContext {
    distDir: string;
    buildSeconds: number;
    buildLog: string;
  }
}

/** Runs the Astro CLI with the Node that runs the tests (Node 22 inside npm scripts); resolves with exit code and output. */
export function runAstro(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [astroBin, ...args], {
      cwd: projectRoot,
      env: { ...buildEnv(), FORCE_COLOR: '0', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

export default async function setup(project: TestProject): Promise<void> {
  let buildSeconds = 0;
  let buildLog = '';
  if (process.env.RECEPTIVE_SKIP_BUILD === '1' && existsSync(path.join(distDir, 'index.html'))) {
    buildLog = 'skipped: RECEPTIVE_SKIP_BUILD=1 reused the existing dist/';
  } else {
    const started = performance.now();
    const { code, output } = await runAstro(['build']);
    buildSeconds = (performance.now() - started) / 1000;
    buildLog = output;
    if (code !== 0) throw new Error(`astro build failed (exit ${code}):\n${output.slice(-4000)}`);
  }
  // Find (on a machine without a system Chromium: unpack) the browser once, before test files start it in parallel.
  const browser = await locateChromium();
  console.log(`browser tests use the ${browser.description}`);
  project.provide('distDir', distDir);
  project.provide('buildSeconds', buildSeconds);
  project.provide('buildLog', buildLog);
}
