/** giscus settings, checked once at build time, and the address of the frame a post loads after the reader consents. */
import type { Locale } from './i18n.ts';

/** The origin the comments frame comes from; the only third-party origin a page may use, and only for that frame. */
export const GISCUS_ORIGIN = 'https://giscus.app';

/** How giscus finds a post's discussion: by the page's path (default), URL, title or Open Graph title. */
export const GISCUS_MAPPINGS = ['pathname', 'url', 'title', 'og:title'] as const;
export type GiscusMapping = (typeof GISCUS_MAPPINGS)[number];

export interface GiscusSettings {
  /** `owner/name` of a public repository with Discussions on and the giscus app installed. */
  repo: string;
  repoId: string;
  /** The Discussions category new threads go to, and its id. */
  category: string;
  categoryId: string;
  mapping: GiscusMapping;
}

const FIELDS = ['repo', 'repoId', 'category', 'categoryId'] as const;

/**
 * The settings in force: `fromEnv` (JSON) when given, else `configured`; undefined (comments off) when the repo is
 * empty. Anything half-set fails the build with the field and the reason.
 * @example giscusSettings({ repo: '', repoId: '', category: '', categoryId: '', mapping: 'pathname' }, undefined) // undefined
 */
export function giscusSettings(configured: GiscusSettings, fromEnv: string | undefined): GiscusSettings | undefined {
  let settings = configured;
  let where = 'site/comments.config.ts';
  if (fromEnv) {
    where = 'RECEPTIVE_GISCUS';
    try {
      settings = { mapping: 'pathname', ...(JSON.parse(fromEnv) as Partial<GiscusSettings>) } as GiscusSettings;
    } catch (error) {
      throw new Error(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (!settings.repo) return undefined;
  for (const field of FIELDS) {
    if (typeof settings[field] !== 'string' || settings[field] === '') {
      throw new Error(`${where}: field "${field}" is empty; giscus needs repo, repoId, category and categoryId together`);
    }
  }
  if (!/^[\w.-]+\/[\w.-]+$/.test(settings.repo)) throw new Error(`${where}: field "repo" must be "owner/name", got "${settings.repo}"`);
  if (!(GISCUS_MAPPINGS as readonly string[]).includes(settings.mapping)) {
    throw new Error(`${where}: field "mapping" must be one of ${GISCUS_MAPPINGS.join(', ')}, got "${settings.mapping}"`);
  }
  return settings;
}

/** giscus's own names for our locales (its `lang` path segment). */
const GISCUS_LANG: Record<Locale, string> = { ko: 'ko', en: 'en', ja: 'ja' };

/** What the comments section hands to the page script in `data-giscus` (everything but the reader's theme and page). */
export interface GiscusFrameConfig extends GiscusSettings {
  lang: string;
}

export function giscusFrameConfig(settings: GiscusSettings, lang: Locale): GiscusFrameConfig {
  return { ...settings, lang: GISCUS_LANG[lang] };
}

/**
 * The frame's address, as giscus's own client.js builds it, for a page at `location` in `theme`.
 * @example giscusFrameUrl(config, new URL('https://x.example/en/posts/a/'), 'Title', 'dark') // https://giscus.app/en/widget?…&term=en%2Fposts%2Fa%2F…&theme=dark
 */
export function giscusFrameUrl(config: GiscusFrameConfig, location: URL, title: string, theme: 'light' | 'dark'): string {
  const page = `${location.origin}${location.pathname}`;
  const term =
    config.mapping === 'url'
      ? page
      : config.mapping === 'title' || config.mapping === 'og:title'
        ? title
        : location.pathname.length < 2
          ? 'index'
          : location.pathname.slice(1).replace(/\.\w+$/, '');
  const params = new URLSearchParams({
    origin: page,
    session: '',
    theme,
    reactionsEnabled: '1',
    emitMetadata: '0',
    inputPosition: 'bottom',
    repo: config.repo,
    repoId: config.repoId,
    category: config.category,
    categoryId: config.categoryId,
    strict: '0',
    description: '',
    backLink: page,
    term,
  });
  return `${GISCUS_ORIGIN}/${config.lang}/widget?${params}`;
}
