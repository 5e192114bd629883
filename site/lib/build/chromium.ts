/**
 * Finds the Chromium that builds (mermaid diagrams), tests and benchmarks drive, so that `npm ci && npm test` needs no
 * system browser: an explicit path, else the system's Chromium or Chrome, else the headless Chromium that the
 * `@sparticuz/chromium` package ships (brotli-compressed), unpacked once into `.cache/chromium/`.
 *
 * Environment: `RECEPTIVE_CHROMIUM` (or `CHROMIUM_PATH`) names an executable and wins; `RECEPTIVE_BROWSER=system` allows
 * only a system browser, `RECEPTIVE_BROWSER=bundled` only the package's (the fresh-machine path, testable on a machine
 * that has a system Chromium).
 *
 * @example
 * const browser = await chromium.launch({ executablePath: await chromiumExecutablePath() });
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { brotliDecompress, createBrotliDecompress } from 'node:zlib';
import { REPO_ROOT } from './repoRoot.ts';

/** Where the browser came from: the environment variable, the system, or the npm package. */
export type ChromiumSource = 'env' | 'system' | 'bundled';

export interface LocatedChromium {
  executablePath: string;
  source: ChromiumSource;
  /** One line for messages, e.g. `bundled Chromium 153 (@sparticuz/chromium 153.0.0, .cache/chromium/…)`. */
  description: string;
}

/** Where Debian, Ubuntu, Fedora, Arch, snap and macOS install Chromium or Chrome, most common first. */
const SYSTEM_CANDIDATES: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/snap/bin/chromium',
  ],
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
  win32: [
    `${process.env.PROGRAMFILES ?? 'C:\\Program Files'}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'}\\Google\\Chrome\\Application\\chrome.exe`,
  ],
};

/** One search per environment (tests switch RECEPTIVE_BROWSER within a process). */
const located = new Map<string, Promise<LocatedChromium>>();

/** The executable to pass to playwright's `chromium.launch` or chrome-launcher. */
export async function chromiumExecutablePath(): Promise<string> {
  return (await locateChromium()).executablePath;
}

/** The browser and where it came from (memoized per process: the first call may unpack the package, a few seconds). */
export function locateChromium(): Promise<LocatedChromium> {
  const key = [process.env.RECEPTIVE_CHROMIUM, process.env.CHROMIUM_PATH, process.env.RECEPTIVE_BROWSER].join('\0');
  let found = located.get(key);
  if (!found) {
    found = locate().catch((error: unknown) => {
      located.delete(key);
      throw error;
    });
    located.set(key, found);
  }
  return found;
}

async function locate(): Promise<LocatedChromium> {
  const explicit = process.env.RECEPTIVE_CHROMIUM || process.env.CHROMIUM_PATH;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`RECEPTIVE_CHROMIUM/CHROMIUM_PATH names ${explicit}, which does not exist`);
    return { executablePath: explicit, source: 'env', description: `Chromium at ${explicit} (from the environment)` };
  }
  const only = process.env.RECEPTIVE_BROWSER ?? '';
  if (!['', 'system', 'bundled'].includes(only)) {
    throw new Error(`RECEPTIVE_BROWSER must be "system" or "bundled" (or unset for system, then bundled), not "${only}"`);
  }
  if (only !== 'bundled') {
    const system = (SYSTEM_CANDIDATES[process.platform] ?? []).find((p) => existsSync(p));
    if (system) return { executablePath: system, source: 'system', description: `system Chromium at ${system}` };
    if (only === 'system') {
      throw new Error(`RECEPTIVE_BROWSER=system, but none of ${(SYSTEM_CANDIDATES[process.platform] ?? []).join(', ')} exists`);
    }
  }
  return unpackBundled();
}

/** The package's folder, or a clear error on a platform it has no build for. */
function bundledBinDir(): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `no Chromium found: the bundled one (@sparticuz/chromium) is for Linux x64 only, this is ${process.platform}/${process.arch}. ` +
        'Install Chrome or Chromium, or set RECEPTIVE_CHROMIUM to its executable.',
    );
  }
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve('@sparticuz/chromium');
  } catch {
    throw new Error('no system Chromium, and the devDependency @sparticuz/chromium is not installed: run `npm ci`');
  }
  return path.resolve(path.dirname(entry), '..', 'bin');
}

/** Unpacks the headless shell, its SwiftShader (WebGPU/WebGL on the CPU) and its NSS libraries next to a launcher script. */
async function unpackBundled(): Promise<LocatedChromium> {
  const binDir = bundledBinDir();
  const version = (JSON.parse(await readFile(path.join(binDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const dir = path.join(REPO_ROOT, '.cache', 'chromium', `sparticuz-${version}`);
  const launcher = path.join(dir, 'chromium');
  const description = `bundled Chromium (@sparticuz/chromium ${version}, unpacked in ${path.relative(REPO_ROOT, dir)})`;
  if (existsSync(launcher)) return { executablePath: launcher, source: 'bundled', description };

  // Unpack beside the final folder, then rename: parallel test workers may race, and the first rename wins.
  const staging = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await mkdir(staging, { recursive: true });
  try {
    await pipeline(
      createReadStream(path.join(binDir, 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(path.join(staging, 'headless_shell'), { mode: 0o755 }),
    );
    // SwiftShader must sit beside the executable (Chromium looks for it there); the NSS/expat libraries go in lib/.
    // The archives are a few MB: each is decompressed in memory.
    for (const archive of ['swiftshader', 'al2023', 'fonts'])
      await untar(await promisify(brotliDecompress)(await readFile(path.join(binDir, `${archive}.tar.br`))), staging);
    await writeFile(
      path.join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!-- Used only where the system has no /etc/fonts: Open Sans (from the package) and the page's web fonts. -->\n` +
        `<fontconfig><dir>${dir}/fonts</dir><cachedir>${dir}/fonts-cache</cachedir></fontconfig>\n`,
    );
    await writeFile(launcher.replace(dir, staging), launcherScript(dir));
    await chmod(launcher.replace(dir, staging), 0o755);
    await mkdir(path.dirname(dir), { recursive: true });
    await rename(staging, dir).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(launcher)) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { executablePath: launcher, source: 'bundled', description };
}

/** A launcher that finds the package's libraries (a fresh Debian has no libnss3) and, without /etc/fonts, a fontconfig file. */
function launcherScript(dir: string): string {
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  return [
    '#!/bin/sh',
    '# Written by site/lib/build/chromium.ts: the headless Chromium of @sparticuz/chromium with the libraries it ships.',
    `dir=${q(dir)}`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    'LD_LIBRARY_PATH="$dir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"',
    'export LD_LIBRARY_PATH',
    '[ -e /etc/fonts/fonts.conf ] || [ -n "$FONTCONFIG_FILE" ] || export FONTCONFIG_FILE="$dir/fonts.conf"',
    'exec "$dir/headless_shell" "$@"',
    '',
  ].join('\n');
}

/** Extracts the regular files and folders of a ustar archive (all that the package's archives hold). */
async function untar(archive: Buffer, into: string): Promise<void> {
  const field = (block: Buffer, start: number, length: number) =>
    block
      .subarray(start, start + length)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  for (let offset = 0; offset + 512 <= archive.length; ) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const prefix = field(header, 345, 155);
    const name = path.posix.join(prefix, field(header, 0, 100));
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = field(header, 156, 1) || '0';
    const target = path.resolve(into, name);
    if (!target.startsWith(path.resolve(into) + path.sep)) throw new Error(`archive entry ${name} points outside ${into}`);
    if (type === '5') await mkdir(target, { recursive: true });
    else if (type === '0') {
      await mkdir(path.dirname(target), { recursive: true });
      const mode = Number.parseInt(field(header, 100, 8).trim() || '644', 8);
      await writeFile(target, archive.subarray(offset + 512, offset + 512 + size), { mode });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
}
