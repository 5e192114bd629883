/** Lighthouse category scores of one URL, run against Debian's Chromium (never a downloaded browser). */
import { launch } from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';
import { chromiumExecutablePath } from '../../../site/lib/build/chromium.ts';

export interface LighthouseScores {
  formFactor: 'mobile' | 'desktop';
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  /** Largest Contentful Paint and Total Blocking Time as Lighthouse reports them (simulated throttling). */
  lcpMs: number;
  tbtMs: number;
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

/** Scores 0-100 for `url` with Lighthouse's default (mobile) and desktop configurations. */
export async function lighthouseScores(url: string, chromePath = chromiumExecutablePath()): Promise<LighthouseScores[]> {
  const chrome = await launch({ chromePath, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  const results: LighthouseScores[] = [];
  try {
    for (const formFactor of ['mobile', 'desktop'] as const) {
      const config = formFactor === 'desktop' ? desktopConfig : undefined;
      const runner = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES }, config);
      if (!runner) throw new Error(`lighthouse returned no result for ${url}`);
      const { categories, audits, runtimeError } = runner.lhr;
      if (runtimeError) throw new Error(`lighthouse: ${runtimeError.code} ${runtimeError.message}`);
      const score = (id: string): number => Math.round((categories[id]?.score ?? Number.NaN) * 100);
      results.push({
        formFactor,
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        seo: score('seo'),
        lcpMs: Math.round(audits['largest-contentful-paint']?.numericValue ?? Number.NaN),
        tbtMs: Math.round(audits['total-blocking-time']?.numericValue ?? Number.NaN),
      });
    }
  } finally {
    chrome.kill();
  }
  return results;
}
