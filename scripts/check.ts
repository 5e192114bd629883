/**
 * `npm run check [-- --build | --no-build]`: every static quality gate in one command: `astro check`, `tsc --noEmit`,
 * Biome, and the link checker over dist (rebuilt first when a source is newer than the last build). All steps run; exit 1 if any failed.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { build: { type: 'boolean' }, 'no-build': { type: 'boolean' } } });

/** Inputs of `astro build`: when any is newer than dist, dist is stale. */
const BUILD_INPUTS = ['site', 'content', 'models-onnx', 'astro.config.mjs', 'package.json'];
const SKIP_DIRS = new Set(['node_modules', '.astro', 'cache']);

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    newest = Math.max(newest, await newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** Why dist must be rebuilt, or undefined when it is up to date. */
async function staleReason(): Promise<string | undefined> {
  let built: number;
  try {
    built = statSync('dist/404.html').mtimeMs;
  } catch {
    return 'dist/ has no build yet';
  }
  for (const input of BUILD_INPUTS) {
    if ((await newestMtime(input)) > built) return `${input} changed after the last build`;
  }
  return undefined;
}

interface Step {
  name: string;
  ok: boolean;
  seconds: number;
}

const steps: Step[] = [];

/** Runs one tool with inherited output and records whether it passed. */
function run(name: string, command: string, args: string[]): boolean {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const started = performance.now();
  const executable = command === 'node' ? process.execPath : join('node_modules', '.bin', command);
  const result = spawnSync(executable, args, { stdio: 'inherit' });
  const ok = result.status === 0;
  if (result.error) console.error(`${name}: ${result.error.message}`);
  steps.push({ name, ok, seconds: (performance.now() - started) / 1000 });
  return ok;
}

run('astro check', 'astro', ['check']);
run('tsc', 'tsc', ['--noEmit', '-p', 'tsconfig.json']);
run('biome', 'biome', ['check', '.']);

const reason = values.build ? '--build was given' : values['no-build'] ? undefined : await staleReason();
let built = true;
if (reason) {
  console.log(`\nbuilding first: ${reason}`);
  built = run('astro build', 'astro', ['build']);
}
if (built) run('links', 'node', ['scripts/check-links.ts', 'dist']);

console.log('\ncheck summary');
for (const step of steps) console.log(`  ${step.ok ? 'pass' : 'FAIL'}  ${step.name.padEnd(12)} ${step.seconds.toFixed(1)} s`);
const failed = steps.filter((step) => !step.ok);
if (failed.length > 0) {
  console.error(`\n${failed.length} check(s) failed: ${failed.map((step) => step.name).join(', ')}`);
  process.exitCode = 1;
}
