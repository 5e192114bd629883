/** The tag and category pages share one shape: one page per term per locale, listing that locale's posts with it. */
import { type Locale, locales } from './i18n.ts';
import { allPosts, type Post, termGroups } from './posts.ts';
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

/** getStaticPaths of /<lang>/<field>/<term>/, the route parameter named `param`; terms are grouped by `termSlug`. */
export async function termPaths(field: TermField, param: string) {
  const posts = await allPosts();
  const carries = (post: Post, slug: string) => post.data[field].some((t) => termSlug(t) === slug);
  return locales.flatMap((lang) => {
    const mine = posts.filter((p) => p.data.lang === lang);
    return termGroups(mine, field).map(({ slug, name, posts: tagged }) => {
      const props: TermPageProps = {
        lang,
        term: name,
        posts: tagged,
        available: locales.filter((l) => posts.some((p) => p.data.lang === l && carries(p, slug))),
      };
      return { params: { lang, [param]: slug }, props };
    });
  });
}
