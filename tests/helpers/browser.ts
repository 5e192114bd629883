/** Launches Debian's Chromium through playwright-core (never a downloaded browser), the one way browser tests start it. */
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium; pass `webgpu: true` for `--enable-unsafe-webgpu` (SwiftShader adapter when there is no GPU). */
export function launchChromium(options: LaunchOptions & { webgpu?: boolean } = {}): Promise<Browser> {
  const { webgpu = false, args = [], ...rest } = options;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    ...rest,
    args: [...args, ...(webgpu ? ['--enable-unsafe-webgpu'] : [])],
  });
}
