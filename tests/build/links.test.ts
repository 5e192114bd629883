import { describe, expect, inject, it } from 'vitest';
import { checkLinks, formatReport, sitemapOrigin } from '../../scripts/lib/links.ts';

describe('link check over the shared build (what `npm run check` runs)', () => {
  it('resolves every internal link, asset and #anchor of dist/', async () => {
    const distDir = inject('distDir');
    const origin = await sitemapOrigin(distDir);
    expect(origin, 'dist/sitemap-index.xml names the site origin').toBeDefined();
    const report = await checkLinks(distDir, { siteOrigins: origin ? [origin] : [] });
    expect(report.pagesChecked).toBeGreaterThan(10);
    expect(report.refsChecked).toBeGreaterThan(100);
    expect(report.broken, formatReport(report)).toEqual([]);
  });
});
