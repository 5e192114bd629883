/** The tag and category pages share one shape: one page per term per locale, listing that locale's posts with it. */
import { type Locale, locales } from './i18n.ts';
import { allPosts, type Post, termsOf } from './posts.ts';
import { termSlug } from './urls.ts';

export type TermField = 'tags' | 'categories';

// A type alias, not an interface: Astro's GetStaticPaths wants props with an implicit index signature.
export type TermPageProps = {
  lang: Locale;
  term: string;
  posts: Post[];
  /** Locales that have a post with this term (for hreflang and the language switcher). */
  available: Locale[];
};

/** getStaticPaths of /<lang>/<field>/<term>/, the route parameter named `param`. */
export async function termPaths(field: TermField, param: string) {
  const posts = await allPosts();
  return locales.flatMap((lang) => {
    const mine = posts.filter((p) => p.data.lang === lang);
    return termsOf(mine, field).map((term) => {
      const props: TermPageProps = {
        lang,
        term,
        posts: mine.filter((p) => p.data[field].includes(term)),
        available: locales.filter((l) => posts.some((p) => p.data.lang === l && p.data[field].includes(term))),
      };
      return { params: { lang, [param]: termSlug(term) }, props };
    });
  });
}
