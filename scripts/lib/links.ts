/** Link checking over a built site: every internal href/src/srcset must name a file in dist, every #anchor an id on its page. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { type DefaultTreeAdapterTypes, parse } from 'parse5';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/** One reference a page makes: where it sits and what it points at. */
export interface PageRef {
  /** The element and attribute it came from, e.g. `a[href]` or `style url()`. */
  source: string;
  /** The reference exactly as written. */
  value: string;
}

/** What one HTML document declares and references. */
export interface ScannedPage {
  /** Every `id` (and `<a name>`) in the document, the targets a `#fragment` can reach. */
  ids: Set<string>;
  refs: PageRef[];
}

/** One reference that does not resolve. */
export interface BrokenLink {
  /** Site path of the page holding the link, e.g. `/ko/posts/cnn-basic/`. */
  page: string;
  source: string;
  value: string;
  reason: string;
}

export interface LinkReport {
  pagesChecked: number;
  refsChecked: number;
  broken: BrokenLink[];
}

export interface CheckOptions {
  /** Origins treated as this site (e.g. `https://receptive.example`): absolute links to them are checked too. */
  siteOrigins?: string[];
  /** Path prefix the site is served under (Astro `base`), default `/`. */
  base?: string;
}

/** Attributes that carry a single URL, by element (`*` = any element). */
const URL_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  img: ['src'],
  script: ['src'],
  source: ['src'],
  track: ['src'],
  iframe: ['src'],
  embed: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  input: ['src'],
  use: ['href', 'xlink:href'],
  image: ['href', 'xlink:href'],
};

/** `<link rel>` values whose href is a hint, not a resource the page needs (dns-prefetch of another origin, etc.). */
const HINT_RELS = new Set(['dns-prefetch', 'preconnect']);

/** CSS `url(...)` and `@import "..."` targets. */
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/g;

/** Extracts the URLs of a CSS text (fragment-only `url(#id)` paint references are left out: they are not links). */
export function cssUrls(css: string): string[] {
  const urls: string[] = [];
  for (const match of css.matchAll(CSS_URL)) {
    const url = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5] ?? '').trim();
    if (url && !url.startsWith('#')) urls.push(url);
  }
  return urls;
}

/** Splits a `srcset` into its URLs (each candidate is `url [descriptor]`). */
export function srcsetUrls(srcset: string): string[] {
  return srcset
    .split(/\s*,\s*/)
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
    .filter((url) => url.length > 0);
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function textOf(node: Element): string {
  return node.childNodes.map((child) => ('value' in child && child.nodeName === '#text' ? child.value : '')).join('');
}

/** Parses one HTML document and lists its ids and its references. */
export function scanHtml(html: string): ScannedPage {
  const ids = new Set<string>();
  const refs: PageRef[] = [];
  const visit = (node: Node): void => {
    if (isElement(node)) {
      const attrs = new Map(node.attrs.map((attr) => [attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name, attr.value]));
      const id = attrs.get('id');
      if (id) ids.add(id);
      if (node.tagName === 'a' && attrs.get('name')) ids.add(attrs.get('name') as string);
      const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
      const isHint = node.tagName === 'link' && rel.some((r) => HINT_RELS.has(r));
      for (const name of URL_ATTRIBUTES[node.tagName] ?? []) {
        const value = attrs.get(name);
        if (value !== undefined && !isHint) refs.push({ source: `${node.tagName}[${name}]`, value });
      }
      const srcset = attrs.get('srcset') ?? (node.tagName === 'link' ? attrs.get('imagesrcset') : undefined);
      if (srcset) {
        for (const url of srcsetUrls(srcset)) refs.push({ source: `${node.tagName}[srcset]`, value: url });
      }
      if (node.tagName === 'style') {
        for (const url of cssUrls(textOf(node))) refs.push({ source: 'style url()', value: url });
      }
      if (node.tagName === 'template' && 'content' in node) visit(node.content as Node);
    }
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
  };
  visit(parse(html));
  return { ids, refs };
}

/** Walks a directory, yielding paths relative to it with `/` separators. */
async function listFiles(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(root, full)));
    else if (entry.isFile()) out.push(relative(root, full).split(sep).join('/'));
  }
  return out;
}

/** The URL path a built file is served at: `ko/posts/x/index.html` → `/ko/posts/x/`. */
export function servedPath(file: string): string {
  const path = `/${file}`;
  return path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path;
}

/** Finds the dist file a URL path names, the way a static host would (`/a/` → `a/index.html`, `/a` → `a.html` or `a/index.html`). */
export function resolveFile(pathname: string, files: ReadonlySet<string>): string | undefined {
  let path = pathname.replace(/^\/+/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape stays as written; it will simply not be found.
  }
  const candidates = path === '' || path.endsWith('/') ? [`${path}index.html`] : [path, `${path}.html`, `${path}/index.html`];
  return candidates.find((candidate) => files.has(candidate));
}

/** Schemes that are never files of ours. */
const FOREIGN_SCHEME = /^(?:mailto|tel|data|javascript|blob|about|sms|geo):/i;

/** Checks every HTML (and CSS) file under `distDir`. */
export async function checkLinks(distDir: string, options: CheckOptions = {}): Promise<LinkReport> {
  const info = await stat(distDir).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`link check: ${distDir} is not a directory (build the site first)`);
  const base = `/${(options.base ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  const siteOrigins = new Set((options.siteOrigins ?? []).map((origin) => new URL(origin).origin));
  const files = new Set(await listFiles(distDir));
  const scanned = new Map<string, ScannedPage>();
  const scan = async (file: string): Promise<ScannedPage> => {
    let page = scanned.get(file);
    if (!page) {
      page = scanHtml(await readFile(join(distDir, file), 'utf8'));
      scanned.set(file, page);
    }
    return page;
  };

  const broken: BrokenLink[] = [];
  let refsChecked = 0;
  const check = async (fromFile: string, fromPage: ScannedPage | undefined, ref: PageRef): Promise<void> => {
    const value = ref.value.trim();
    if (value === '' || FOREIGN_SCHEME.test(value)) return;
    const pagePath = `${base}${servedPath(fromFile).slice(1)}`;
    const pageUrl = new URL(pagePath, 'http://site.invalid');
    let target: URL;
    try {
      target = new URL(value, pageUrl);
    } catch {
      broken.push({ page: pagePath, ...ref, reason: 'not a valid URL' });
      return;
    }
    if (target.origin !== pageUrl.origin && !siteOrigins.has(target.origin)) return;
    refsChecked++;
    const fail = (reason: string): void => {
      broken.push({ page: pagePath, ...ref, reason });
    };
    if (!target.pathname.startsWith(base) && `${target.pathname}/` !== base) {
      fail(`outside the site base ${base}`);
      return;
    }
    const samePage = target.pathname === pageUrl.pathname && target.origin === pageUrl.origin;
    const file = samePage ? fromFile : resolveFile(target.pathname.slice(base.length), files);
    if (!file) {
      fail('no such file in dist');
      return;
    }
    const fragment = target.hash.slice(1);
    // `#` and `#top` are defined by HTML to scroll to the top; anchors into non-HTML files are not ours to check.
    if (fragment === '' || fragment.toLowerCase() === 'top' || !file.endsWith('.html')) return;
    let id = fragment;
    try {
      id = decodeURIComponent(fragment);
    } catch {
      // Keep the raw fragment.
    }
    const targetPage = samePage && fromPage ? fromPage : await scan(file);
    if (!targetPage.ids.has(id))
      fail(samePage ? `no element with id "${id}" on this page` : `no element with id "${id}" on ${servedPath(file)}`);
  };

  const htmlFiles = [...files].filter((file) => file.endsWith('.html')).sort();
  for (const file of htmlFiles) {
    const page = await scan(file);
    for (const ref of page.refs) await check(file, page, ref);
  }
  const cssFiles = [...files].filter((file) => file.endsWith('.css')).sort();
  for (const file of cssFiles) {
    for (const url of cssUrls(await readFile(join(distDir, file), 'utf8'))) {
      await check(file, undefined, { source: 'css url()', value: url });
    }
  }
  return { pagesChecked: htmlFiles.length, refsChecked, broken };
}

/** The site's own origin, read from the sitemap Astro wrote, so absolute links to ourselves (canonical, hreflang) are checked too. */
export async function sitemapOrigin(distDir: string): Promise<string | undefined> {
  const xml = await readFile(join(distDir, 'sitemap-index.xml'), 'utf8').catch(() => undefined);
  const loc = xml?.match(/<loc>([^<]+)<\/loc>/)?.[1];
  return loc ? new URL(loc).origin : undefined;
}

/** Formats a report for a terminal: one line per broken link, grouped by page. */
export function formatReport(report: LinkReport): string {
  const lines: string[] = [];
  const byPage = Map.groupBy(report.broken, (link) => link.page);
  for (const [page, links] of byPage) {
    lines.push(page);
    for (const link of links) lines.push(`  ${link.source} ${link.value}  →  ${link.reason}`);
  }
  const summary = `${report.pagesChecked} pages, ${report.refsChecked} internal links checked: ${report.broken.length} broken`;
  lines.push(summary);
  return lines.join('\n');
}
