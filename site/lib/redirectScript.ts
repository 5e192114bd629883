/**
 * The text of `/`'s inline script (site/pages/index.astro), which sends the reader to their language's home. It lives in
 * a module so site/lib/build/csp.ts can hash exactly what the page carries.
 */
import { defaultLocale, type Locale, locales } from './i18n.ts';
import { homeUrl } from './urls.ts';

export function redirectScript(homes: Record<string, string>, fallback: string): string {
  return [
    `const homes = ${JSON.stringify(homes)}, fallback = ${JSON.stringify(fallback)};`,
    "const wanted = (navigator.languages || [navigator.language || '']).map((tag) => String(tag).toLowerCase().split('-')[0]);",
    'const lang = wanted.find((l) => Object.hasOwn(homes, l)) || fallback;',
    'location.replace(homes[lang]);',
  ].join('\n');
}

/** The script as `/` renders it: every locale's home, Korean as the fallback. */
export function siteRedirectScript(): string {
  const homes = Object.fromEntries(locales.map((l: Locale) => [l, homeUrl(l)]));
  return redirectScript(homes, defaultLocale);
}
