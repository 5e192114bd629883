/** A diagram with Korean/Japanese labels that must be rendered fails, naming fonts-noto-cjk, where those fonts are missing. */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renderMermaid } from '../../site/lib/build/markdown/mermaidRender.ts';

let dir: string;
const savedFontconfig = process.env.FONTCONFIG_FILE;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mermaid-fonts-'));
  // A fontconfig with no font folder: fc-list (and Chromium) see no fonts at all, as on a machine without fonts-noto-cjk.
  await writeFile(path.join(dir, 'fonts.conf'), `<?xml version="1.0"?>\n<fontconfig><cachedir>${dir}/fc-cache</cachedir></fontconfig>\n`);
  process.env.FONTCONFIG_FILE = path.join(dir, 'fonts.conf');
});

afterAll(async () => {
  if (savedFontconfig === undefined) delete process.env.FONTCONFIG_FILE;
  else process.env.FONTCONFIG_FILE = savedFontconfig;
  await rm(dir, { recursive: true, force: true });
});

it('an uncached diagram with Korean labels is a build error naming the font package, and nothing is cached', async () => {
  const cacheDir = path.join(dir, 'cache');
  await expect(renderMermaid(`flowchart LR\n  a[입력 ${Date.now()}] --> b[출력]`, cacheDir)).rejects.toThrow(
    /Noto Sans CJK KR.*Install the package fonts-noto-cjk/s,
  );
  await expect(readdir(cacheDir)).rejects.toThrow(/ENOENT/);
});
