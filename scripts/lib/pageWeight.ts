/** What a built page costs a reader on first load: bytes of HTML, CSS and JS (raw and gzipped), following static JS imports. */
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type DefaultTreeAdapterTypes, parse } from 'parse5';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

export interface Bytes {
  raw: number;
  gzip: number;
}

export interface PageWeight {
  html: Bytes;
  /** Elements in the parsed page (inline SVG and MathML included): what the browser styles and lays out. */
  elements: number;
  css: Bytes;
  /** JavaScript the page runs as it loads: inline and `src` scripts, module preloads, and their static imports. */
  js: Bytes;
  /** JavaScript of the page's islands (beyond `js`), fetched only when an island hydrates (e.g. scrolls into view). */
  islandJs: Bytes;
  /** Files counted as CSS or JS, as site paths (inline code is counted but not listed). */
  files: string[];
}

/** Script types that are data, not code. */
const DATA_SCRIPT = /json|importmap|text\/(?!javascript)/i;
/** Static `import`/`export … from` specifiers in built JS (dynamic `import()` loads later and is not counted). */
const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["']([^"']+)["']/g;

function sizeOf(text: string | Buffer): Bytes {
  const buffer = typeof text === 'string' ? Buffer.from(text) : text;
  return { raw: buffer.length, gzip: gzipSync(buffer).length };
}

function add(a: Bytes, b: Bytes): Bytes {
  return { raw: a.raw + b.raw, gzip: a.gzip + b.gzip };
}

function attr(node: Element, name: string): string | undefined {
  return node.attrs.find((a) => a.name === name)?.value;
}

function text(node: Element): string {
  return node.childNodes.map((child) => (child.nodeName === '#text' && 'value' in child ? child.value : '')).join('');
}

/** Resolves a reference from a page to a site path, or undefined for another origin. */
function sitePath(ref: string, pagePath: string): string | undefined {
  const url = new URL(ref, new URL(pagePath, 'http://site.invalid'));
  return url.origin === 'http://site.invalid' ? decodeURIComponent(url.pathname) : undefined;
}

/** Measures the page at `pagePath` (e.g. `/ko/posts/x/`) of the site built in `distDir`. */
export async function measurePage(distDir: string, pagePath: string): Promise<PageWeight> {
  const file = pagePath.endsWith('/') ? `${pagePath}index.html` : pagePath;
  const html = await readFile(join(distDir, file));
  const weight: PageWeight = {
    html: sizeOf(html),
    css: { raw: 0, gzip: 0 },
    js: { raw: 0, gzip: 0 },
    islandJs: { raw: 0, gzip: 0 },
    elements: 0,
    files: [],
  };
  const counted = new Set<string>();
  const read = async (path: string): Promise<Buffer | undefined> => {
    if (counted.has(path)) return undefined;
    counted.add(path);
    weight.files.push(path);
    return readFile(join(distDir, path)).catch(() => undefined);
  };
  const addScript = async (path: string, bucket: 'js' | 'islandJs' = 'js'): Promise<void> => {
    const code = await read(path);
    if (!code) return;
    weight[bucket] = add(weight[bucket], sizeOf(code));
    for (const match of code.toString('utf8').matchAll(STATIC_IMPORT)) {
      const target = match[1] ?? '';
      if (target.startsWith('.') || target.startsWith('/')) await addScript(posix.resolve(posix.dirname(path), target), bucket);
    }
  };

  const pending: Promise<void>[] = [];
  const islands: string[] = [];
  const visit = (node: Node): void => {
    if ('tagName' in node) {
      weight.elements += 1;
      const rel = (attr(node, 'rel') ?? '').toLowerCase().split(/\s+/);
      if (node.tagName === 'style') weight.css = add(weight.css, sizeOf(text(node)));
      if (node.tagName === 'link' && rel.includes('stylesheet')) {
        const path = sitePath(attr(node, 'href') ?? '', pagePath);
        if (path)
          pending.push(
            read(path).then((css) => {
              if (css) weight.css = add(weight.css, sizeOf(css));
            }),
          );
      }
      if (node.tagName === 'script' && !DATA_SCRIPT.test(attr(node, 'type') ?? '')) {
        const src = attr(node, 'src');
        if (src) {
          const path = sitePath(src, pagePath);
          if (path) pending.push(addScript(path));
        } else {
          weight.js = add(weight.js, sizeOf(text(node)));
        }
      }
      if (node.tagName === 'link' && rel.includes('modulepreload')) {
        const path = sitePath(attr(node, 'href') ?? '', pagePath);
        if (path) pending.push(addScript(path));
      }
      if (node.tagName === 'astro-island') {
        for (const name of ['component-url', 'renderer-url']) {
          const path = sitePath(attr(node, name) ?? '', pagePath);
          if (path) islands.push(path);
        }
      }
    }
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
  };
  visit(parse(html.toString('utf8')));
  await Promise.all(pending);
  // Islands after the page's own scripts, so a chunk both use counts once, as loaded with the page.
  for (const path of islands) await addScript(path, 'islandJs');
  return weight;
}
