import { describe, expect, it } from 'vitest';
import { canonicalHref, keepCanonical } from '../../site/lib/sitemapCanonical.ts';

const S = 'https://receptive.example';
const entry = (loc: string, alternates: string[]): string =>
  `<url><loc>${loc}</loc>${alternates.map((a) => `<xhtml:link rel="alternate" hreflang="${a.split('/')[3]}" href="${a}"/>`).join('')}</url>`;
const locales = ['en', 'ja', 'ko'].map((l) => `${S}/${l}/posts/p/`);
const sitemap = `<?xml version="1.0" encoding="UTF-8"?><urlset>${locales.map((loc) => entry(loc, locales)).join('')}${entry(`${S}/ko/`, [`${S}/ko/`])}</urlset>`;

describe('keepCanonical', () => {
  // ko is the original; en is a translation; ja is a fallback page whose canonical is the ko page.
  const canonicals: Record<string, string> = { [`${S}/ja/posts/p/`]: `${S}/ko/posts/p/` };
  const result = keepCanonical(sitemap, (loc) => canonicals[loc] ?? loc);

  it('drops the fallback page and every hreflang alternate that points at it', () => {
    expect(result.dropped).toEqual([`${S}/ja/posts/p/`]);
    expect(result.xml).not.toContain(`${S}/ja/posts/p/`);
  });

  it('keeps every canonical page with its other alternates, and the rest of the file as it was', () => {
    expect(result.xml).toContain(`<loc>${S}/ko/posts/p/</loc>`);
    expect(result.xml).toContain(`<loc>${S}/en/posts/p/</loc>`);
    expect(result.xml).toContain(`hreflang="en" href="${S}/en/posts/p/"`);
    expect(result.xml).toContain(`<loc>${S}/ko/</loc>`);
    expect(result.xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><urlset>')).toBe(true);
    expect(result.xml.match(/<url>/g)).toHaveLength(3);
  });

  it('leaves a sitemap without fallback pages byte for byte, and pages it cannot read in place', () => {
    expect(keepCanonical(sitemap, (loc) => loc)).toEqual({ xml: sitemap, dropped: [] });
    expect(keepCanonical(sitemap, () => undefined).xml).toBe(sitemap);
  });
});

describe('canonicalHref', () => {
  it('reads the canonical link in either attribute order, and nothing from a page without one', () => {
    expect(canonicalHref('<head><link rel="canonical" href="https://a.example/x/"></head>')).toBe('https://a.example/x/');
    expect(canonicalHref('<link href="https://a.example/y/" rel="canonical" />')).toBe('https://a.example/y/');
    expect(canonicalHref('<link rel="alternate" href="https://a.example/z/">')).toBeUndefined();
  });
});
