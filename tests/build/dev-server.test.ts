/** `npm run dev` serves what the demos fetch (onnxruntime-web's files, the models, the gallery) as the built site does. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASTRO_BIN, buildEnv } from '../../scripts/lib/astroBuild.ts';
import { galleryBinary, galleryInfo, servedFiles } from '../../site/lib/build/demoFiles.ts';
import { REPO_ROOT } from '../../site/lib/build/repoRoot.ts';

let dev: ChildProcess;
let origin: string;
let output = '';

/** A port no one listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  dev = spawn(process.execPath, [ASTRO_BIN, 'dev', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: REPO_ROOT,
    env: { ...buildEnv(), NODE_ENV: 'development', FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  dev.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  dev.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (dev.exitCode !== null) throw new Error(`astro dev exited with ${dev.exitCode}:\n${output}`);
    const ready = await fetch(`${origin}/ko/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`astro dev did not answer within 90 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 120_000);

afterAll(() => {
  // The whole process group: astro dev starts workers of its own.
  if (dev?.pid && dev.exitCode === null) process.kill(-dev.pid, 'SIGTERM');
});

describe('the dev server', () => {
  it('serves each onnxruntime-web file and each model byte for byte, with its content type', async () => {
    const files = servedFiles();
    expect(files.some((f) => f.url.endsWith('.wasm'))).toBe(true);
    expect(files.some((f) => f.url.startsWith('/models/'))).toBe(true);
    for (const file of files) {
      const response = await fetch(`${origin}${file.url}`);
      expect(response.status, file.url).toBe(200);
      expect(response.headers.get('content-type'), file.url).toBe(file.contentType);
      expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(file.source)), file.url).toBe(true);
    }
  });

  it('serves the gallery binary the classifier reads', async () => {
    const response = await fetch(`${origin}${galleryInfo().asset.url}`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(galleryBinary().bytes))).toBe(true);
  });

  it('renders the post page with its demos, cross-origin isolated as the demos need for WASM threads', async () => {
    const response = await fetch(`${origin}/ko/posts/cnn-basic/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const html = await response.text();
    expect(html).toContain('data-demo="classifier"');
    // Each diagram's SVG comes from the module its post imports (diagramModules.ts), in dev as in a build.
    const diagrams = html.split('class="mermaid-diagram"').slice(1);
    expect(diagrams.length).toBe(3);
    for (const diagram of diagrams) expect(diagram).toMatch(/^[^>]*><svg [^>]*id="mmd-[0-9a-f]{6}\d"/);
  }, 120_000);
});
