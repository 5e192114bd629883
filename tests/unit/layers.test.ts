/**
 * The dependency direction site ← scripts ← tests, and the split of site/lib by where code runs, read from the real
 * imports of every source file: a wrong-way import fails here with the file and the specifier that crosses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../site/lib/build/repoRoot.ts';

const FLOORS = ['site', 'scripts', 'tests'] as const;
/** Code that may run in the reader's browser: no Node built-ins, nothing from the build-time folder. */
const BROWSER = ['site/islands/', 'site/client/', 'site/lib/'];
const BUILD_ONLY = 'site/lib/build/';

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mjs|astro)$/.test(entry.name))
    .map((entry) => path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)));
}

/** Every module specifier of `text`: static imports and re-exports, `import '…'` and dynamic `import('…')`. */
function specifiers(text: string): string[] {
  const statements = /^\s*(?:import|export)\b(?:[^;'"]*?\bfrom)?\s*(['"])([^'"\n]+)\1/gm;
  const dynamic = /\bimport\(\s*(['"])([^'"\n]+)\1/g;
  return [...text.matchAll(statements), ...text.matchAll(dynamic)].map((match) => match[2]);
}

/** The repository-relative target of a relative specifier, else the specifier itself (a package or `node:` module). */
const target = (file: string, spec: string) => (spec.startsWith('.') ? path.join(path.dirname(file), spec) : spec);
const floorOf = (file: string) => FLOORS.findIndex((floor) => file.startsWith(`${floor}/`));

const files = [...FLOORS.flatMap(sourceFiles), 'astro.config.mjs'];
const imports = files.flatMap((file) =>
  specifiers(readFileSync(path.join(REPO_ROOT, file), 'utf8')).map((spec) => ({ file, spec, to: target(file, spec) })),
);

describe('import direction', () => {
  it('finds the imports it checks', () => {
    expect(imports.some(({ file, to }) => file.startsWith('tests/') && to.startsWith('site/'))).toBe(true);
    expect(specifiers(`import a from './a.ts';\nexport { b } from "../b.ts";\nawait import('./c.ts');\nimport './d.css';`)).toEqual([
      './a.ts',
      '../b.ts',
      './d.css',
      './c.ts',
    ]);
  });

  it('nothing in site/ imports scripts/ or tests/, nothing in scripts/ imports tests/', () => {
    const wrongWay = imports.filter(({ file, to }) => floorOf(to) > Math.max(floorOf(file), 0));
    expect(wrongWay.map(({ file, spec }) => `${file} imports ${spec}`)).toEqual([]);
  });

  it('browser code (islands, client scripts, site/lib outside build/) touches neither Node nor build-time modules', () => {
    const browserFiles = ({ file }: { file: string }) => BROWSER.some((dir) => file.startsWith(dir)) && !file.startsWith(BUILD_ONLY);
    const wrong = imports.filter((entry) => browserFiles(entry) && (entry.to.startsWith('node:') || entry.to.startsWith(BUILD_ONLY)));
    expect(wrong.map(({ file, spec }) => `${file} imports ${spec}`)).toEqual([]);
  });

  it('relative imports name the file with its extension, so every file imports the same way', () => {
    const bare = imports.filter(({ spec }) => spec.startsWith('.') && !/\.(ts|tsx|mjs|js|astro|css|json)$/.test(spec));
    expect(bare.map(({ file, spec }) => `${file} imports ${spec}`)).toEqual([]);
  });
});
