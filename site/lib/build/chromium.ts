/** Where the Chromium lives that builds (mermaid), tests and the benchmark drive: one answer, so all three use the same browser. */

/** `CHROMIUM_PATH` (or the older `RECEPTIVE_CHROMIUM`) when set, else Debian's `/usr/bin/chromium`. */
export function chromiumExecutablePath(): string {
  return process.env.CHROMIUM_PATH ?? process.env.RECEPTIVE_CHROMIUM ?? '/usr/bin/chromium';
}
