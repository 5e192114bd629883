/**
 * A small static file server for a built site that sends the headers the real hosts send: the rules of the site's own
 * `_headers` file (COOP/COEP, caching), so browser tests see cross-origin isolation as readers do.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import { type HeaderRule, headersFor, parseHeadersFile } from './headersFile.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
};

export interface StaticServerOptions {
  /**
   * true (default): send the rules of `<root>/_headers` when it exists, and COOP same-origin / COEP require-corp in any
   * case. false: send none of them, as GitHub Pages does (no cross-origin isolation).
   */
  isolated?: boolean;
  /**
   * gzip text responses (HTML, CSS, JS, JSON, XML, SVG, WASM) when the client accepts it, as Netlify, Cloudflare Pages
   * and GitHub Pages do; for benchmarks that should see what readers download. Default false.
   */
  compress?: boolean;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
}

export interface StaticServer {
  /** Origin to open, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** Every path requested, in order, to let tests assert what the page loaded. */
  requests: string[];
  /** When each of `requests` arrived (`Date.now()`), to tell what a page fetched before a moment it reports. */
  requestedAt: number[];
  close(): Promise<void>;
}

/** Finds the file a request path names, as static hosts do; undefined when missing or outside the root. */
async function fileFor(root: string, pathname: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const path = normalize(join(root, decoded));
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  const candidates = decoded.endsWith('/') ? [join(path, 'index.html')] : [path, `${path}.html`, join(path, 'index.html')];
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return candidate;
  }
  return undefined;
}

/** Serves `root` on 127.0.0.1 until closed; a missing path gets the site's `404.html` with status 404. */
export async function serveStatic(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const base = resolve(root);
  const isolated = options.isolated ?? true;
  const requests: string[] = [];
  const requestedAt: number[] = [];
  const rules: HeaderRule[] = isolated ? parseHeadersFile(await readFile(join(base, '_headers'), 'utf8').catch(() => '')) : [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(url.pathname);
    requestedAt.push(Date.now());
    void (async () => {
      let file = await fileFor(base, url.pathname);
      let status = 200;
      if (!file) {
        status = 404;
        file = await fileFor(base, '/404.html');
      }
      const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
      if (isolated) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
        Object.assign(headers, headersFor(rules, url.pathname));
      }
      if (!file) {
        response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
        response.end('not found');
        return;
      }
      headers['Content-Type'] = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      const gzip =
        options.compress === true &&
        /gzip/.test(String(request.headers['accept-encoding'] ?? '')) &&
        /^(text\/|application\/(json|xml|wasm)|image\/svg)/.test(headers['Content-Type']);
      if (gzip) {
        headers['Content-Encoding'] = 'gzip';
        headers.Vary = 'Accept-Encoding';
      }
      response.writeHead(status, headers);
      if (request.method === 'HEAD') {
        response.end();
        return;
      }
      if (gzip) pipeline(createReadStream(file), createGzip(), response, () => undefined);
      else createReadStream(file).pipe(response);
    })().catch((error: unknown) => {
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(String(error));
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    requestedAt,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
