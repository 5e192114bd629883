/** Launches Debian's Chromium through playwright-core (never a downloaded browser), the one way browser tests start it. */
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';
import { chromiumExecutablePath } from '../../site/lib/build/chromium.ts';

/** Headless Chromium; pass `webgpu: true` for `--enable-unsafe-webgpu` (SwiftShader adapter when there is no GPU). */
export function launchChromium(options: LaunchOptions & { webgpu?: boolean } = {}): Promise<Browser> {
  const { webgpu = false, args = [], ...rest } = options;
  return chromium.launch({
    executablePath: chromiumExecutablePath(),
    ...rest,
    args: [...args, ...(webgpu ? ['--enable-unsafe-webgpu'] : [])],
  });
}
