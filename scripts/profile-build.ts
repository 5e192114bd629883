/**
 * `npm run profile-build [-- --posts 300] [--top 25] [--keep] [--bare]`: builds the site over N synthetic posts (copies
 * of the seed post, as `npm run bench` does) under `node --cpu-prof`, then prints where the CPU time went: the functions
 * with the most self time, and self time per package or per file of ours. `--bare` profiles the bench's baseline (bare
 * Astro + MDX over the same posts) instead, so the two tables can be set side by side. A tool for finding per-page work
 * to hoist, not a test.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite } from './lib/astroBuild.ts';
import { buildBare, createBareProject } from './lib/bench/builds.ts';
import { portableBody, syntheticPosts, withoutMath, writePosts } from './lib/bench/synthetic.ts';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '300' },
    top: { type: 'string', default: '25' },
    keep: { type: 'boolean', default: false },
    bare: { type: 'boolean', default: false },
  },
});
const count = Number(values.posts);
const top = Number(values.top);
if (!Number.isInteger(count) || count < 1) throw new Error(`--posts: "${values.posts}" is not a positive whole number`);

const REPO = new URL('../', import.meta.url).pathname;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time in ms per profile node id. */
function selfTimes(profile: Profile): Map<number, number> {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return self;
}

/** Where a script's URL comes from: an npm package, one of our files, or Node itself. */
function owner(url: string): string {
  if (!url) return '(native / idle / GC)';
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1] as string;
  if (path.startsWith('node:')) return 'node';
  return path.startsWith(REPO) ? relative(REPO, path) : path;
}

const work = await mkdtemp(join(tmpdir(), 'receptive-profile-'));
try {
  const seed = await readFile(join(REPO, 'content', 'posts', 'cnn-basic', 'ko.mdx'), 'utf8');
  // The bare project has no math plugin, so its copies lose their formulas, as in the bench.
  await writePosts(join(work, 'posts'), syntheticPosts(portableBody(seed), count), values.bare ? withoutMath : undefined);
  const profiles = join(work, 'profiles');
  // The one astro runner (a private outDir inside the project, so concurrent builds cannot clobber each other's
  // prerender chunks), with every Node process it starts profiled.
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, '--cpu-prof', `--cpu-prof-dir=${profiles}`].filter(Boolean).join(' ');
  const started = performance.now();
  if (values.bare) {
    await createBareProject(join(work, 'bare'), join(work, 'posts'));
    await buildBare(join(work, 'bare'));
  } else await buildSite(join(work, 'posts'), join(work, 'dist'), join(work, 'build'));
  const what = values.bare ? 'bare astro + mdx build' : 'astro build';
  console.log(`# ${what} over ${count} synthetic posts: ${((performance.now() - started) / 1000).toFixed(1)} s wall`);

  const functions = new Map<string, number>();
  const owners = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const name of await readdir(profiles)) {
    const profile = JSON.parse(await readFile(join(profiles, name), 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (const [id, ms] of selfTimes(profile)) {
      const frame = (byId.get(id) as ProfileNode).callFrame;
      const where = owner(frame.url);
      const fn = `${frame.functionName || '(anonymous)'}  ${where}:${frame.lineNumber + 1}`;
      functions.set(fn, (functions.get(fn) ?? 0) + ms);
      owners.set(where, (owners.get(where) ?? 0) + ms);
      total += ms;
    }
    // Inclusive time: a sample counts once for every package or file on its stack.
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const stackOwners = new Map<number, Set<string>>();
    const ownersOf = (id: number): Set<string> => {
      let set = stackOwners.get(id);
      if (!set) {
        const up = parent.get(id);
        set = new Set(up === undefined ? [] : ownersOf(up));
        const url = (byId.get(id) as ProfileNode).callFrame.url;
        if (url) set.add(owner(url));
        stackOwners.set(id, set);
      }
      return set;
    };
    profile.samples.forEach((id, i) => {
      for (const where of ownersOf(id)) inclusive.set(where, (inclusive.get(where) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
  }
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  console.log(`\n## Self time by package or file (total ${(total / 1000).toFixed(1)} s sampled)\n${list(owners)}`);
  console.log(`\n## Inclusive time by package or file (a sample counts for everything on its stack)\n${list(inclusive)}`);
  console.log(`\n## Self time by function\n${list(functions)}`);
  if (values.keep) console.log(`\nprofiles kept in ${profiles}`);
} finally {
  if (!values.keep) await rm(work, { recursive: true, force: true });
}
