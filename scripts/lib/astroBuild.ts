/** The one way scripts and tests run the Astro CLI: a production environment, the Node that runs us, timed. */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../site/lib/build/repoRoot.ts';

export const ASTRO_BIN = join(REPO_ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');

/**
 * The environment of a production build. Under vitest, process.env carries DEV=1, MODE=test, NODE_ENV=test (vitest's
 * import.meta.env); a child `astro build` would read them and, for one, show drafts as the dev server does.
 */
export function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  for (const key of ['DEV', 'PROD', 'MODE', 'SSR', 'BASE_URL', 'TEST', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID'])
    delete env[key];
  return env;
}

export interface AstroRun {
  code: number | null;
  /** stdout and stderr, interleaved. */
  output: string;
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds (user + system) of Astro and everything it started (the mermaid browser included), from bash's `times`. */
  cpuSeconds: number;
}

/** `times` output of bash: the shell's, then the children's user and system CPU time, e.g. "1m2.345s 0m5.100s". */
const TIMES = /\n?\d+m[\d.]+s \d+m[\d.]+s\n(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/;

/**
 * Runs `astro <args>` in `cwd` (the repository by default); resolves with its exit code, output and times. CPU time
 * hardly moves when other work shares the machine; wall time does.
 */
export function runAstro(args: string[], env: NodeJS.ProcessEnv = {}, cwd = REPO_ROOT): Promise<AstroRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const script = '"$@"; status=$?; times >&2; exit $status';
    const child = spawn('bash', ['-c', script, 'astro', process.execPath, ASTRO_BIN, ...args], {
      cwd,
      env: { ...buildEnv(), FORCE_COLOR: '0', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const cpu = TIMES.exec(output);
      const cpuSeconds = cpu ? Number(cpu[1]) * 60 + Number(cpu[2]) + Number(cpu[3]) * 60 + Number(cpu[4]) : Number.NaN;
      if (cpu) output = output.slice(0, cpu.index);
      resolve({ code, output, seconds: (performance.now() - started) / 1000, cpuSeconds });
    });
  });
}

/**
 * Builds this repository's site over `postsDir` into `outDir`, with its own Vite/content cache in `workDir` so the
 * build never touches dist/ or the cache the dev server and tests use. Throws with the log's tail when the build fails.
 */
export async function buildSite(postsDir: string, outDir: string, workDir: string): Promise<AstroRun> {
  await mkdir(workDir, { recursive: true });
  // Astro keeps its prerender chunks beside outDir when outDir is inside the project, but in the project's shared
  // .astro/ when it is not, where concurrent builds (tests, other tools) overwrite each other's chunks. So build
  // inside the project, in a folder of our own, then move the result.
  await mkdir(join(REPO_ROOT, 'node_modules', '.cache'), { recursive: true }); // absent after a fresh npm ci
  const privateOut = await mkdtemp(join(REPO_ROOT, 'node_modules', '.cache', 'receptive-build-'));
  const config = join(workDir, 'astro.build.config.mjs');
  await writeFile(
    config,
    [
      `import base from ${JSON.stringify(join(REPO_ROOT, 'astro.config.mjs'))};`,
      `export default { ...base, outDir: ${JSON.stringify(join(privateOut, 'dist'))}, cacheDir: ${JSON.stringify(join(workDir, 'cache'))} };`,
      '',
    ].join('\n'),
  );
  try {
    const run = await runAstro(['build', '--root', REPO_ROOT, '--config', relative(REPO_ROOT, config)], {
      RECEPTIVE_CONTENT_DIR: postsDir,
    });
    if (run.code !== 0) throw new Error(`astro build over ${postsDir} failed (exit ${run.code}):\n${run.output.slice(-4000)}`);
    await rm(outDir, { recursive: true, force: true });
    await cp(join(privateOut, 'dist'), outDir, {
      recursive: true,
      filter: (source) => !source.includes(`${join(privateOut, 'dist')}/.prerender`),
    });
    return run;
  } finally {
    await rm(privateOut, { recursive: true, force: true });
  }
}
