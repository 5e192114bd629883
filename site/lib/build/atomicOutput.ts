/**
 * Astro integration: `astro build` writes into a staging folder beside the output folder and swaps it in only when
 * the whole build (pages, sitemap, search index) succeeded. A failed build leaves the previous `dist/` exactly as it
 * was, so a deploy step after a failed build can never publish half a site. List it LAST: its `astro:build:done`
 * must run after every other integration has written into the output.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroIntegration } from 'astro';

/** The staging folder of a build into `outDir` (a sibling, so the swap is a rename on one file system). */
export function stagingDirOf(outDir: string): string {
  return `${outDir.replace(/[/\\]+$/, '')}.partial`;
}

/** Moves `staging` to `outDir`, keeping the old output until the new one is in place. */
export function swapIn(staging: string, outDir: string): void {
  const previous = `${outDir}.previous`;
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(outDir)) renameSync(outDir, previous);
  try {
    renameSync(staging, outDir);
  } catch (error) {
    if (existsSync(previous)) renameSync(previous, outDir);
    throw error;
  }
  rmSync(previous, { recursive: true, force: true });
}

export function atomicOutput(): AstroIntegration {
  let outDir: string | undefined;
  let staging: string | undefined;
  let swapped = false;
  // Whatever stops the build (an error in any step), the staging folder goes with the process.
  const cleanUp = () => {
    if (staging && !swapped) rmSync(staging, { recursive: true, force: true });
  };
  return {
    name: 'receptive:atomic-output',
    hooks: {
      'astro:config:setup': ({ command, config, updateConfig }) => {
        if (command !== 'build') return;
        outDir = fileURLToPath(config.outDir).replace(/[/\\]+$/, '');
        staging = stagingDirOf(outDir);
        rmSync(staging, { recursive: true, force: true });
        process.once('exit', cleanUp);
        updateConfig({ outDir: pathToFileURL(`${staging}${path.sep}`) });
      },
      'astro:build:done': ({ logger }) => {
        if (!outDir || !staging) return;
        swapIn(staging, outDir);
        swapped = true;
        logger.info(`swapped the finished build into ${path.relative(process.cwd(), outDir) || outDir}`);
      },
    },
  };
}
