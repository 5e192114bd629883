/**
 * The site's Content-Security-Policy, given to Astro's `security.csp` (astro.config.mjs), which writes it as a `<meta>`
 * on every page and adds the hashes of the scripts and styles Astro itself emits.
 *
 * - Scripts: our own origin and hashed inline scripts only (no `'unsafe-inline'`, no `eval`); `'wasm-unsafe-eval'` lets
 *   onnxruntime-web and Pagefind compile WebAssembly. Our hand-written inline scripts (the theme script on every page,
 *   the language redirect on `/`, the demo islands' load-error handler and early-input keeper) are hashed here; all sit in <body>, after the meta, so the policy covers them.
 * - Workers: onnxruntime-web's WASM threads start workers from its own module file or a `blob:` URL.
 * - Styles: `'unsafe-inline'` for styles only, because build-time KaTeX and Shiki write `style` attributes and mermaid's
 *   inline SVGs carry `<style>` elements; styles cannot run code.
 * - Images: `data:`/`blob:` for the canvas and uploaded images the demos draw, which never leave the browser.
 */
import { createHash } from 'node:crypto';
import type { AstroUserConfig } from 'astro';
import { earlyInputScript } from '../earlyInputScript.ts';
import { islandErrorScript } from '../islandErrorScript.ts';
import { siteRedirectScript } from '../redirectScript.ts';
import { themeScript } from '../themeScript.ts';

/** `'sha256-…'` source of a script's exact text, as browsers compute it for an inline `<script>`. */
export function scriptHash(text: string): `sha256-${string}` {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** The object form of Astro's `security.csp` option. */
type CspConfig = Exclude<NonNullable<NonNullable<AstroUserConfig['security']>['csp']>, boolean>;

/** Directives besides script-src and style-src (which Astro writes itself). */
export const cspDirectives: NonNullable<CspConfig['directives']> = [
  "default-src 'self'",
  "base-uri 'self'",
  "object-src 'none'",
  "form-action 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
];

/** The value of `security.csp` in astro.config.mjs. */
export const cspConfig: CspConfig = {
  algorithm: 'SHA-256',
  directives: cspDirectives,
  scriptDirective: {
    resources: ["'self'", "'wasm-unsafe-eval'"],
    hashes: [scriptHash(themeScript), scriptHash(siteRedirectScript()), scriptHash(islandErrorScript), scriptHash(earlyInputScript)],
  },
  styleDirective: {
    resources: ["'self'", "'unsafe-inline'"],
  },
};
