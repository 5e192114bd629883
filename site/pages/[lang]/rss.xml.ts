/** RSS feed of one locale's posts: /<lang>/rss.xml. */
import rss from '@astrojs/rss';
import type { APIRoute, GetStaticPaths } from 'astro';
import { htmlLang, locales, toLocale, ui } from '../../lib/i18n.ts';
import { postsIn, slugOf, summaryOf } from '../../lib/posts.ts';
import { homeUrl, postUrl } from '../../lib/urls.ts';

export const getStaticPaths = (() => locales.map((lang) => ({ params: { lang } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const lang = toLocale(params.lang);
  const t = ui(lang);
  const base = site ?? new URL('https://receptive.example');
  return rss({
    title: t['rss.title'],
    description: t['rss.description'],
    site: new URL(homeUrl(lang), base).href,
    customData: `<language>${htmlLang[lang]}</language>`,
    items: (await postsIn(lang)).map((post) => ({
      title: post.data.title,
      description: summaryOf(post),
      pubDate: post.data.date,
      link: new URL(postUrl(lang, slugOf(post)), base).href,
      categories: [...post.data.categories, ...post.data.tags],
    })),
  });
};
