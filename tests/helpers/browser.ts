/**
 * Launches the Chromium that site/lib/build/chromium.ts finds (the system's, else the one @sparticuz/chromium ships;
 * never a downloaded browser) through playwright-core: the one way browser tests start it.
 */
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';
import { locateChromium } from '../../site/lib/build/chromium.ts';

/** Headless Chromium; pass `webgpu: true` for `--enable-unsafe-webgpu` (SwiftShader adapter when there is no GPU). */
export async function launchChromium(options: LaunchOptions & { webgpu?: boolean } = {}): Promise<Browser> {
  const { webgpu = false, args = [], ...rest } = options;
  return chromium.launch({
    executablePath: (await locateChromium()).executablePath,
    ...rest,
    args: [...args, ...(webgpu ? ['--enable-unsafe-webgpu'] : [])],
  });
}

/**
 * Why a test that needs WebGPU cannot run in `browser` (opened with `webgpu: true`), or undefined when it can: asks for an
 * adapter on `url`, a page of the test server (navigator.gpu exists only in a secure context, and http://127.0.0.1 is one).
 */
export async function webgpuMissing(browser: Browser, url: string): Promise<string | undefined> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return gpu ? (await gpu.requestAdapter()) !== null : undefined;
    });
    if (adapter) return undefined;
    const { description } = await locateChromium();
    return `${description}, version ${browser.version()}, ${adapter === undefined ? 'has no navigator.gpu' : 'gives no WebGPU adapter'} with --enable-unsafe-webgpu`;
  } finally {
    await page.close();
  }
}

/**
 * Skips the running test, saying which browser lacked WebGPU (in the report and on stderr), or fails it on CI, where
 * the system Chromium has WebGPU through SwiftShader and nothing may be skipped.
 */
export function skipWithoutWebGpu(missing: string | undefined, skip: (note: string) => never): void {
  if (missing === undefined) return;
  const message = `WebGPU test not run: ${missing}`;
  if (process.env.CI && process.env.CI !== 'false') throw new Error(`${message} (CI=true: WebGPU tests must run)`);
  console.warn(message);
  skip(message);
}
