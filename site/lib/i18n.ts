/** Locales of the site and the small helpers every page needs to speak the reader's language. */
import en from '../i18n/en.ts';
import ja from '../i18n/ja.ts';
import ko, { type UiKey, type UiStrings } from '../i18n/ko.ts';

/** The strings of the keys starting with `prefix`, keyed without it: what one island receives, typed so a wrong key fails to compile. */
export type StringsOf<Prefix extends string> = Record<SuffixOf<UiKey, Prefix>, string>;
type SuffixOf<Key, Prefix extends string> = Key extends `${Prefix}${infer Rest}` ? Rest : never;

export const locales = ['ko', 'en', 'ja'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'ko';

/** Names of each locale in its own language, for the language switcher. */
export const localeNames: Record<Locale, string> = { ko: '한국어', en: 'English', ja: '日本語' };
/** BCP 47 tags for `<html lang>`, `hreflang` and `Intl`. */
export const htmlLang: Record<Locale, string> = { ko: 'ko', en: 'en', ja: 'ja' };
/** Open Graph wants `ll_CC`. */
export const ogLocale: Record<Locale, string> = { ko: 'ko_KR', en: 'en_US', ja: 'ja_JP' };

const dictionaries: Record<Locale, UiStrings> = { ko, en, ja };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** Narrows a route parameter to a locale, failing loudly on anything else. */
export function toLocale(value: unknown): Locale {
  if (!isLocale(value)) throw new Error(`Unknown locale "${String(value)}"; expected one of ${locales.join(', ')}`);
  return value;
}

/** The UI dictionary of a locale. */
/** The strings of `lang` whose keys start with one of `prefixes`, keys kept whole: an island ships only what it shows. */
export function stringsStartingWith<P extends string>(lang: Locale, ...prefixes: P[]): Pick<UiStrings, Extract<UiKey, `${P}${string}`>> {
  const entries = Object.entries(ui(lang)).filter(([key]) => prefixes.some((prefix) => key.startsWith(prefix)));
  return Object.fromEntries(entries) as Pick<UiStrings, Extract<UiKey, `${P}${string}`>>;
}

export function ui(lang: Locale): UiStrings {
  return dictionaries[lang];
}

/** Fills `{name}` placeholders of a UI string. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
/** A long, localized date such as "2026년 11월 29일". UTC so the date never shifts with the build machine's zone.
 * One formatter per locale: listing pages format hundreds of dates, and building a formatter costs more than using it. */
export function formatDate(date: Date, lang: Locale): string {
  const formatter =
    dateFormats.get(lang) ?? new Intl.DateTimeFormat(htmlLang[lang], { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  dateFormats.set(lang, formatter);
  return formatter.format(date);
}
