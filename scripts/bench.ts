/**
 * `npm run bench [-- --sizes 30,100,300] [--runs 100] [--dist dist] [--no-inference] [--no-speed-lab] [--speed-lab-runs 3]
 * [--speed-lab-webgpu] [--no-lighthouse] [--no-builds]`:
 * a benchmark, not a test. Prints bytes per page type, per-network inference latency (the site's own onnxruntime-web
 * WASM build in Chromium against onnxruntime-node) with the bytes a post page and a first run load, Lighthouse scores
 * of a post page, the speed lab's full-size networks (WASM 1 thread, WebGPU with a real adapter, against onnxruntime-node on
 * the same synthesized weights), and build time for synthetic post counts against a bare Astro + MDX project.
 * `--dist` measures an existing build instead of building the site first; `npm run bench:inference` is
 * `--dist dist --no-lighthouse --no-builds`; `npm run bench:speedlab` only the speed lab's figures over an existing `dist/`.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { locateChromium } from '../site/lib/build/chromium.ts';
import { ORT_BUILDS } from '../site/lib/build/demoFiles.ts';
import { REPO_ROOT } from '../site/lib/build/repoRoot.ts';
import { BARE_CACHE_DIR, type BuildResult, buildBare, buildReceptive, createBareProject } from './lib/bench/builds.ts';
import { sumWireBytes, type WireBytes, wireBytes } from './lib/bench/compressed.ts';
import { type InferenceRow, inferenceTable, postPageBytes, siteOrtVersion, type Timing } from './lib/bench/inference.ts';
import { lighthouseScores } from './lib/bench/lighthouse.ts';
import { speedLabTable } from './lib/bench/speedLab.ts';
import { portableBody, syntheticPosts, withoutMath, writePosts } from './lib/bench/synthetic.ts';
import { measurePage, type PageWeight } from './lib/pageWeight.ts';
import { serveStatic } from './lib/staticServer.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '30,100,300' },
    runs: { type: 'string', default: '100' },
    'no-inference': { type: 'boolean', default: false },
    'no-speed-lab': { type: 'boolean', default: false },
    // VGG-16 takes over a second per run on this kind of machine, with 553 MB of weights: keep it short.
    'speed-lab-runs': { type: 'string', default: '3' },
    'speed-lab-webgpu': { type: 'boolean', default: false },
    'no-lighthouse': { type: 'boolean', default: false },
    'no-builds': { type: 'boolean', default: false },
    // Builds of each size, bare and Receptive taking turns; each row keeps the run with the least CPU of its kind.
    'build-repeats': { type: 'string', default: '1' },
    dist: { type: 'string' },
    // Default: site/lib/build/chromium.ts (RECEPTIVE_CHROMIUM, the system's Chromium, else @sparticuz/chromium's).
    chromium: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map((size) => {
  const n = Number(size);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--sizes: "${size}" is not a positive whole number`);
  return n;
});
const speedLabRuns = Number(values['speed-lab-runs']);
if (!Number.isInteger(speedLabRuns) || speedLabRuns < 1)
  throw new Error(`--speed-lab-runs: "${values['speed-lab-runs']}" is not a positive whole number`);
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: "${values.runs}" is not a positive whole number`);

const SEED = join(REPO_ROOT, 'content', 'posts', 'cnn-basic', 'ko.mdx');
const work = await mkdtemp(join(tmpdir(), 'receptive-bench-'));
const started = performance.now();
console.log(`# npm run bench (${new Date().toISOString()}, ${cpus().length} CPUs, load average at start ${loadavg()[0]?.toFixed(1)})`);
const log = (message: string): void => {
  console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
};
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const wire = (w: WireBytes): string[] => [kib(w.raw), kib(w.gzip), kib(w.brotli)];
const table = (header: string[], rows: string[][]): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
};
const report: string[] = [];
const section = (title: string, body: string): void => {
  const text = `\n## ${title}\n${body}`;
  report.push(text);
  console.log(text);
};

/** First page under dist whose path matches, e.g. the first tag page of the Korean site. */
async function findPage(dist: string, dir: string): Promise<string | undefined> {
  const base = join(dist, dir);
  if (!existsSync(base)) return undefined;
  for (const entry of (await readdir(base, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory() && existsSync(join(base, entry.name, 'index.html'))) return `/${dir}/${entry.name}/`;
  }
  return undefined;
}

try {
  // 1. The real site: build once (or take --dist), then weigh each page type.
  let site: string;
  let built = 'an existing build';
  if (values.dist) {
    site = resolve(values.dist);
    if (!existsSync(join(site, 'index.html'))) throw new Error(`--dist ${values.dist}: no index.html there; run \`npm run build\` first`);
  } else {
    log('building the site with its real content');
    site = join(work, 'site');
    const real = await buildReceptive(join(REPO_ROOT, 'content', 'posts'), site, join(work, 'site-work'));
    built = `${real.pages} pages built in ${real.seconds.toFixed(1)} s wall, ${real.cpuSeconds.toFixed(1)} s CPU`;
  }
  const pages: [string, string | undefined][] = [
    ['home', '/ko/'],
    ['post', '/ko/posts/cnn-basic/'],
    ['tag', (await findPage(site, 'ko/tags')) ?? (await findPage(site, 'ko/tag'))],
    ['models', '/ko/models/'],
    ['404', '/404.html'],
  ];
  const weights: [string, string, PageWeight][] = [];
  for (const [type, path] of pages) {
    if (!path) {
      log(`no ${type} page found in the build; skipped`);
      continue;
    }
    weights.push([type, path, await measurePage(site, path)]);
  }
  section(
    `Bytes per page type (real content: ${built}; raw / gzip; JS follows static imports)`,
    table(
      ['page', 'path', 'HTML', 'elements', 'CSS', 'JS at load', 'JS of islands (on view)'],
      weights.map(([type, path, w]) => [
        type,
        path,
        `${kib(w.html.raw)} / ${kib(w.html.gzip)}`,
        String(w.elements),
        `${kib(w.css.raw)} / ${kib(w.css.gzip)}`,
        `${w.js.raw} B / ${w.js.gzip} B`,
        `${kib(w.islandJs.raw)} / ${kib(w.islandJs.gzip)}`,
      ]),
    ),
  );

  // 1b. The demos' big files (onnxruntime-web, models) as hosts send them: README "Deploying" says how to get brotli.
  const demoFiles: string[] = [];
  for (const dir of ['ort', 'models']) {
    const base = join(site, dir);
    if (!existsSync(base)) continue;
    for (const entry of await readdir(base, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.(wasm|mjs|onnx|bin|png)$/.test(entry.name))
        demoFiles.push(join(entry.parentPath, entry.name).slice(site.length));
    }
  }
  demoFiles.sort();
  log(`bytes of ${demoFiles.length} demo files: raw, gzip, brotli`);
  section(
    'Demo files over the wire (raw / gzip level 6 / brotli quality 11)',
    table(
      ['file', 'raw', 'gzip', 'brotli'],
      demoFiles.map((file) => [file, ...wire(wireBytes(join(site, file)))]),
    ),
  );
  // A page loads exactly one build (site/lib/inference/backend.ts chooseBuild): its entry, glue and wasm.
  const ortDir = existsSync(join(site, 'ort')) ? join(site, 'ort', await siteOrtVersion(site)) : undefined;
  if (ortDir)
    section(
      'onnxruntime-web builds over the wire, entry + glue + wasm (raw / gzip / brotli)',
      table(
        ['build', 'when', 'raw', 'gzip', 'brotli'],
        Object.entries(ORT_BUILDS).map(([build, files]) => [
          build,
          { wasm: 'no WebGPU adapter, or ?backend=wasm', jspi: 'WebGPU + WebAssembly.Suspending', asyncify: 'WebGPU, no JSPI' }[build] ??
            '',
          ...wire(sumWireBytes(files.map((f) => wireBytes(join(ortDir, f))))),
        ]),
      ),
    );

  // 2. Inference per network, with the site's own onnxruntime-web files.
  let inferenceRows: InferenceRow[] | undefined;
  if (!values['no-inference']) {
    if (!existsSync(join(REPO_ROOT, 'models-onnx', 'manifest.json'))) {
      log('models-onnx/manifest.json is missing (run `npm run models`): inference skipped');
    } else {
      log("inference: the site's onnxruntime-web WASM in Chromium, and onnxruntime-node");
      const options = { runs, chromiumPath: values.chromium };
      const rows = await inferenceTable(site, options);
      inferenceRows = rows;
      const ms = (t: Timing): string => `${t.median.toFixed(2)} / ${t.p90.toFixed(2)} ms`;
      section(
        `Inference, batch 1, median / p90 of ${runs} runs after 10 warm-up runs (and, in Chromium, at least 1 s of them: optimized wasm) (${cpus().length} CPUs; onnxruntime-web ${await siteOrtVersion(site)} as the site serves it)`,
        table(
          ['network', 'WASM 1 thread', 'WASM 2 threads', 'onnxruntime-node 1 thread', 'onnxruntime-node 2 threads'],
          rows.map((row) => [row.model, ms(row.wasm1), ms(row.wasm2), ms(row.node1), ms(row.node2)]),
        ),
      );
      const isFile = (f: string): boolean => statSync(join(site, f), { throwIfNoEntry: false })?.isFile() === true;
      for (const webgpu of [false, true]) {
        const label = webgpu ? 'WebGPU available (SwiftShader; first answer from WASM while WebGPU compiles)' : 'WASM (?backend=wasm)';
        log(`bytes and time to a first answer: ${label}`);
        const bytes = await postPageBytes(site, '/ko/posts/cnn-basic/', { ...options, webgpu });
        const files = bytes.firstRunFiles.filter(isFile);
        section(
          `First answer, /ko/posts/cnn-basic/, cold cache, ${label}: every island hydrated, then one classifier run`,
          [
            `JS before a demo runs: ${bytes.jsBeforeRun} bytes in ${bytes.jsFiles.length} files`,
            ...bytes.jsFiles.map((f) => `  ${f}`),
            `To the first answer: ${bytes.firstRun} bytes fetched; raw / gzip / brotli ${wire(sumWireBytes(files.map((f) => wireBytes(join(site, f))))).join(' / ')}`,
            ...bytes.firstRunFiles.map((f) => `  ${f}`),
            `Cold first answer (click to top-1, local server): ${bytes.firstAnswerMs.toFixed(0)} ms on ${bytes.firstBackend}`,
            `Longest main-thread task: ${bytes.longestTaskLoadMs.toFixed(0)} ms while the page loaded, ${bytes.longestTaskRunMs.toFixed(0)} ms from the click to the answer`,
            `Every demo answering that input: ${bytes.allDemos} bytes fetched; raw / gzip / brotli ${wire(sumWireBytes(bytes.allDemosFiles.filter(isFile).map((f) => wireBytes(join(site, f))))).join(' / ')}`,
            `Return visit (service worker cache): ${bytes.returnFetched} bytes of runtime or model fetched, first answer ${bytes.returnAnswerMs.toFixed(0)} ms; network off: ${Number.isNaN(bytes.offlineAnswerMs) ? 'no answer' : `${bytes.offlineAnswerMs.toFixed(0)} ms`}`,
          ].join('\n'),
        );
      }
    }
  }

  // 2b. The speed lab: the full-size networks on synthesized weights.
  if (!values['no-speed-lab']) {
    log('speed lab: full-size networks on synthesized weights');
    const { rows, webgpu } = await speedLabTable(site, {
      runs: speedLabRuns,
      chromiumPath: values.chromium,
      softwareWebGpu: values['speed-lab-webgpu'],
      log,
    });
    const gflops = (macs: number, ms: number): string => ((2 * macs) / (ms * 1e6)).toFixed(1);
    const cell = (t: { medianMs: number; firstMs: number } | undefined, macs: number): string =>
      t ? `${t.medianMs.toFixed(0)} ms (first ${t.firstMs.toFixed(0)}), ${gflops(macs, t.medianMs)} GFLOP/s` : '–';
    section(
      `Speed lab: full-size networks, batch 1, 224×224, median of ${speedLabRuns} runs after a warm-up run (${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)}; ${webgpu})`,
      table(
        [
          'network',
          'parameters',
          'multiply-adds',
          'weights',
          'WASM 1 thread',
          'WebGPU',
          'onnxruntime-node 1 thread',
          'WASM / node',
          'max |Δ logit|',
          'synthesize / session (WASM)',
        ],
        rows.map((r) => [
          r.network.title,
          r.network.parameters.toLocaleString('en'),
          `${(r.network.macs / 1e9).toFixed(2)} G`,
          `${(r.network.weights.bytes / 1e6).toFixed(0)} MB`,
          cell(r.wasm, r.network.macs),
          cell(r.webgpu, r.network.macs),
          `${r.node.medianMs.toFixed(0)} ms, ${gflops(r.network.macs, r.node.medianMs)} GFLOP/s`,
          `${(r.wasm.medianMs / r.node.medianMs).toFixed(2)}x`,
          r.maxLogitDiff.toExponential(1),
          `${r.wasm.synthesizeMs.toFixed(0)} / ${r.wasm.sessionMs.toFixed(0)} ms`,
        ]),
      ),
    );
    // The floor: the demo networks' FLOPs at the best single-thread WASM rate measured above on the full-size networks,
    // whose large convolutions run near the WASM SIMD peak; a small network's warm latency is compared with it.
    const bestRate = Math.max(...rows.map((r) => (2 * r.network.macs) / (r.wasm.medianMs * 1e6)));
    if (inferenceRows && Number.isFinite(bestRate))
      section(
        `Warm WASM latency against the WASM floor (FLOPs / ${bestRate.toFixed(1)} GFLOP/s, the best single-thread WASM rate of the speed lab above)`,
        table(
          ['network', 'FLOPs', 'floor', 'WASM 1 thread, median', 'ratio'],
          inferenceRows.map((r) => {
            const floorMs = (2 * r.macs) / (bestRate * 1e6);
            return [
              r.model,
              `${((2 * r.macs) / 1e6).toFixed(1)} M`,
              `${floorMs.toFixed(2)} ms`,
              `${r.wasm1.median.toFixed(2)} ms`,
              `${(r.wasm1.median / floorMs).toFixed(2)}x`,
            ];
          }),
        ),
      );
  }

  // 3. Lighthouse on the post page, served with the production headers.
  if (!values['no-lighthouse']) {
    log('lighthouse: post page');
    const server = await serveStatic(site, { isolated: true, compress: true });
    try {
      const scores = await lighthouseScores(`${server.origin}/ko/posts/cnn-basic/`, values.chromium);
      section(
        `Lighthouse 12.2.3, /ko/posts/cnn-basic/ (${values.chromium ? `Chromium at ${values.chromium}` : (await locateChromium()).description}, headless, simulated throttling; served with the production headers and gzip, as static hosts serve it)`,
        table(
          ['form factor', 'performance', 'accessibility', 'best practices', 'SEO', 'LCP', 'TBT', 'CLS'],
          scores.map((s) => [
            s.formFactor,
            String(s.performance),
            String(s.accessibility),
            String(s.bestPractices),
            String(s.seo),
            `${s.lcpMs} ms`,
            `${s.tbtMs} ms`,
            s.cls.toFixed(3),
          ]),
        ),
      );
    } finally {
      await server.close();
    }
  }
  // 4. Build time against a bare Astro project over the same MDX.
  if (!values['no-builds']) {
    const body = portableBody(await readFile(SEED, 'utf8'));
    const buildRows: string[][] = [];
    const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    let previous: { size: number; cpu: number; bareCpu: number } | undefined;
    const buildRepeats = Number(values['build-repeats']);
    if (!Number.isInteger(buildRepeats) || buildRepeats < 1)
      throw new Error(`--build-repeats: "${values['build-repeats']}" is not a positive whole number`);
    for (const size of sizes) {
      const dir = join(work, `n${size}`);
      const posts = syntheticPosts(body, size);
      await writePosts(join(dir, 'posts'), posts);
      await writePosts(join(dir, 'bare-posts'), posts, withoutMath);
      await createBareProject(join(dir, 'bare'), join(dir, 'bare-posts'));
      const bareRuns: BuildResult[] = [];
      const ourRuns: BuildResult[] = [];
      for (let run = 1; run <= buildRepeats; run++) {
        const of = buildRepeats > 1 ? ` (${run}/${buildRepeats})` : '';
        // Every build starts cold: no content store, no Vite cache, no output from the run before.
        await rm(join(dir, 'bare', 'dist'), { recursive: true, force: true });
        await rm(join(dir, 'bare', BARE_CACHE_DIR), { recursive: true, force: true });
        log(`${size} posts: bare Astro + @astrojs/mdx${of}`);
        bareRuns.push(await buildBare(join(dir, 'bare')));
        await rm(join(dir, 'work'), { recursive: true, force: true });
        await rm(join(dir, 'out'), { recursive: true, force: true });
        log(`${size} posts: Receptive${of}`);
        ourRuns.push(await buildReceptive(join(dir, 'posts'), join(dir, 'out'), join(dir, 'work')));
      }
      const least = (runs: BuildResult[]) => runs.reduce((a, b) => (b.cpuSeconds < a.cpuSeconds ? b : a));
      const spread = (runs: BuildResult[]) => Math.max(...runs.map((r) => r.cpuSeconds)) / least(runs).cpuSeconds;
      const bare = least(bareRuns);
      const ours = least(ourRuns);
      if (buildRepeats > 1)
        log(
          `${size} posts: CPU spread over ${buildRepeats} runs (most / least): Receptive ${spread(ourRuns).toFixed(2)}, bare ${spread(bareRuns).toFixed(2)}`,
        );
      buildRows.push([
        String(size),
        `${ours.seconds.toFixed(1)} s / ${ours.cpuSeconds.toFixed(1)} s (${ours.pages} pages)`,
        `${bare.seconds.toFixed(1)} s / ${bare.cpuSeconds.toFixed(1)} s (${bare.pages} pages)`,
        `${(ours.cpuSeconds / bare.cpuSeconds).toFixed(2)}x`,
        `${((ours.cpuSeconds * 1000) / size).toFixed(0)} ms`,
        previous ? `${(((ours.cpuSeconds - previous.cpu) * 1000) / (size - previous.size)).toFixed(0)} ms` : '',
        previous ? `${(((bare.cpuSeconds - previous.bareCpu) * 1000) / (size - previous.size)).toFixed(0)} ms` : '',
        `${mib(ours.peakRssBytes)} / ${mib(bare.peakRssBytes)}`,
        loadavg()[0]?.toFixed(1) ?? '',
      ]);
      previous = { size, cpu: ours.cpuSeconds, bareCpu: bare.cpuSeconds };
      log(
        `${size} posts: Receptive ${ours.seconds.toFixed(1)} s (CPU ${ours.cpuSeconds.toFixed(1)} s), bare ${bare.seconds.toFixed(1)} s (CPU ${bare.cpuSeconds.toFixed(1)} s)`,
      );
      await rm(dir, { recursive: true, force: true });
    }
    section(
      `Build time, synthetic posts (copies of the seed post, each in ko, en and ja: one page per post and language in both projects; mermaid SVGs from the content-hash cache). wall / CPU (user+sys of the build and its children); ratio and per-post use CPU, which other load on the machine barely moves (${cpus().length} CPUs)${buildRepeats > 1 ? `; each the least-CPU of ${buildRepeats} cold builds, bare and Receptive taking turns` : ''}`,
      table(
        [
          'posts',
          'Receptive wall / CPU',
          'bare Astro + MDX wall / CPU',
          'CPU ratio',
          'Receptive CPU per post',
          'per added post (vs the row above)',
          'bare per added post',
          'peak RSS Receptive / bare',
          'load avg',
        ],
        buildRows,
      ),
    );
  }

  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
} finally {
  if (values.keep) log(`kept ${work}`);
  else await rm(work, { recursive: true, force: true });
}
