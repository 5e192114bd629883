/** Build-time: a figure's UI strings in the page's language, trimmed to its own keys so an island ships only what it shows. */
import { isLocale, type Locale, type StringsOf, ui } from '../i18n.ts';
import { localeOfPath } from '../urls.ts';
import type { FigureBaseProps } from './props.ts';

/** The key prefix of each figure in site/i18n/*.ts (`fig.<figure>.<key>`). */
export type FigureKey = 'filterSize' | 'inception' | 'dropout' | 'reluTanh' | 'groups';
/** One figure's strings, keyed without the prefix, so a wrong key fails to compile. */
export type FigureStrings<F extends FigureKey> = StringsOf<`fig.${F}.`>;

/** `fig.<figure>.*` strings of `lang`, keyed without the prefix (`fig.filterSize.kernel` → `kernel`). */
function figureStrings<F extends FigureKey>(lang: Locale, figure: F): FigureStrings<F> {
  const prefix = `fig.${figure}.`;
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(ui(lang))) if (key.startsWith(prefix)) strings[key.slice(prefix.length)] = value;
  if (Object.keys(strings).length === 0) throw new Error(`site/i18n/${lang}.ts has no "${prefix}*" strings`);
  return strings as FigureStrings<F>;
}

/** The locale of the page a figure is rendered on: an explicit `lang` prop wins, else the URL's locale prefix. */
export function pageLocale(url: URL, explicit?: string): Locale {
  if (explicit !== undefined) {
    if (!isLocale(explicit)) throw new Error(`figure: lang="${explicit}" is not a locale of the site`);
    return explicit;
  }
  const lang = localeOfPath(url.pathname);
  if (!lang) throw new Error(`figure on ${url.pathname}: the page has no locale prefix; pass lang="ko|en|ja"`);
  return lang;
}

/** What every figure wrapper takes from MDX: the page's language where the URL has no locale prefix, and an id prefix. */
export interface FigureWrapperProps {
  lang?: string;
  id?: string;
}

/** The props every figure island gets from its wrapper: the page's locale, the figure's own strings, its id prefix. */
export function figureBaseProps<F extends FigureKey>(
  url: URL,
  props: FigureWrapperProps,
  figure: F,
  defaultId: string,
): FigureBaseProps<F> {
  const lang = pageLocale(url, props.lang);
  return { lang, t: figureStrings(lang, figure), id: props.id ?? defaultId };
}
