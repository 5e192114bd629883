/** The Content-Security-Policy meta of every built page: present, no inline script allowed but by hash, only our origin. */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import { beforeAll, describe, expect, inject, it } from 'vitest';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

interface BuiltPage {
  file: string;
  csp: string | undefined;
  /** Whether a script element comes before the policy's meta (a meta policy governs only what follows it). */
  scriptBeforePolicy: boolean;
  /** Text of every executable inline script. */
  inlineScripts: string[];
  scriptSrcs: string[];
}

const DATA_SCRIPT = /json|importmap/i;

function attr(node: Element, name: string): string | undefined {
  return node.attrs.find((a) => a.name === name)?.value;
}

function readPage(file: string, html: string): BuiltPage {
  const page: BuiltPage = { file, csp: undefined, scriptBeforePolicy: false, inlineScripts: [], scriptSrcs: [] };
  const visit = (node: Node): void => {
    if ('tagName' in node) {
      if (node.tagName === 'meta' && attr(node, 'http-equiv')?.toLowerCase() === 'content-security-policy')
        page.csp = attr(node, 'content');
      if (node.tagName === 'script' && page.csp === undefined) page.scriptBeforePolicy = true;
      if (node.tagName === 'script' && !DATA_SCRIPT.test(attr(node, 'type') ?? '')) {
        const src = attr(node, 'src');
        if (src !== undefined) page.scriptSrcs.push(src);
        else page.inlineScripts.push(node.childNodes.map((child) => ('value' in child ? child.value : '')).join(''));
      }
    }
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
  };
  visit(parse(html));
  return page;
}

async function htmlFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await htmlFiles(path)));
    else if (entry.name.endsWith('.html')) files.push(path);
  }
  return files;
}

/** `script-src` sources of a policy (`script-src-elem` wins for elements when present). */
function scriptSources(policy: string): string[] {
  const directives = new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((tokens) => tokens[0])
      .map((tokens) => [tokens[0]?.toLowerCase() ?? '', tokens.slice(1)]),
  );
  return directives.get('script-src-elem') ?? directives.get('script-src') ?? directives.get('default-src') ?? [];
}

let pages: BuiltPage[];

beforeAll(async () => {
  const dist = inject('distDir');
  const files = (await htmlFiles(dist)).filter((file) => !relative(dist, file).startsWith('pagefind'));
  pages = await Promise.all(files.map(async (file) => readPage(relative(dist, file), await readFile(file, 'utf8'))));
});

describe('Content-Security-Policy', () => {
  it('is a meta tag on every page, before any script (a meta policy governs only what follows it)', () => {
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.filter((page) => !page.csp).map((page) => page.file)).toEqual([]);
    expect(pages.filter((page) => page.scriptBeforePolicy).map((page) => page.file)).toEqual([]);
  });

  it("never allows inline script wholesale: no 'unsafe-inline' or 'unsafe-eval', WebAssembly allowed", () => {
    for (const page of pages) {
      const sources = scriptSources(page.csp ?? '');
      expect(sources, page.file).not.toContain("'unsafe-inline'");
      expect(sources, page.file).not.toContain("'unsafe-eval'");
      expect(sources, page.file).toContain("'self'");
      expect(sources, page.file).toContain("'wasm-unsafe-eval'");
      expect(page.csp, page.file).toMatch(/object-src 'none'/);
    }
  });

  it('lists the hash of every inline script the page carries, and loads scripts only from our origin', () => {
    for (const page of pages) {
      const sources = scriptSources(page.csp ?? '');
      for (const script of page.inlineScripts) {
        const hash = `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
        expect(sources, `${page.file}: inline script ${script.slice(0, 60)}…`).toContain(hash);
      }
      for (const src of page.scriptSrcs) expect(src, page.file).toMatch(/^\/(?!\/)/);
    }
  });
});
