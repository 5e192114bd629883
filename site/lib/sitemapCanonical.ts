/**
 * Keeps a sitemap to canonical URLs: @astrojs/sitemap lists every page, but a fallback page (the original shown under
 * another locale) names the original as its canonical, and a sitemap that lists it, or offers it as an hreflang
 * alternate, contradicts the page itself.
 */

export interface CanonicalSitemap {
  xml: string;
  /** The `<loc>`s removed, in sitemap order. */
  dropped: string[];
}

const URL_ENTRY = /<url>[\s\S]*?<\/url>/g;
const LOC = /<loc>([^<]*)<\/loc>/;

/** Removes each `<url>` whose page names another URL as canonical, and every `<xhtml:link>` that points at one. */
export function keepCanonical(xml: string, canonicalOf: (loc: string) => string | undefined): CanonicalSitemap {
  const dropped: string[] = [];
  const kept = xml.replace(URL_ENTRY, (entry) => {
    const loc = LOC.exec(entry)?.[1];
    if (loc === undefined) return entry;
    const canonical = canonicalOf(loc);
    if (canonical === undefined || canonical === loc) return entry;
    dropped.push(loc);
    return '';
  });
  if (dropped.length === 0) return { xml, dropped };
  const gone = new Set(dropped);
  const links = kept.replace(/<xhtml:link\b[^>]*?\bhref="([^"]*)"[^>]*\/>/g, (link, href: string) => (gone.has(href) ? '' : link));
  return { xml: links, dropped };
}

/** The `href` of a page's `<link rel="canonical">`, if it has one. */
export function canonicalHref(html: string): string | undefined {
  return (
    /<link\b[^>]*\brel="canonical"[^>]*\bhref="([^"]*)"/.exec(html)?.[1] ??
    /<link\b[^>]*\bhref="([^"]*)"[^>]*\brel="canonical"/.exec(html)?.[1]
  );
}
