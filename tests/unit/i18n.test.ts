import { describe, expect, it } from 'vitest';
import en from '../../site/i18n/en.ts';
import ja from '../../site/i18n/ja.ts';
import ko from '../../site/i18n/ko.ts';
import { defaultLocale, format, formatDate, isLocale, locales, negotiateLocale, toLocale, ui } from '../../site/lib/i18n.ts';

describe('UI dictionaries', () => {
  const keys = Object.keys(ko).sort();
  it.each([
    ['en', en],
    ['ja', ja],
  ] as const)('%s has exactly the keys of ko, none empty', (_lang, dictionary) => {
    expect(Object.keys(dictionary).sort()).toEqual(keys);
    for (const [key, value] of Object.entries(dictionary)) expect(value.trim(), key).not.toBe('');
  });

  it('keeps the same {placeholders} in every locale', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of keys as (keyof typeof ko)[]) {
      for (const lang of locales) expect(placeholders(ui(lang)[key]), `${lang} ${key}`).toEqual(placeholders(ko[key]));
    }
  });
});

describe('locale helpers', () => {
  it('lists ko (default), en, ja', () => {
    expect(locales).toEqual(['ko', 'en', 'ja']);
    expect(defaultLocale).toBe('ko');
    expect(isLocale('ja')).toBe(true);
    expect(isLocale('fr')).toBe(false);
    expect(() => toLocale('fr')).toThrow(/Unknown locale "fr"/);
  });

  it('negotiates the reader language from navigator.languages, else Korean', () => {
    expect(negotiateLocale(['ja-JP', 'en-US'])).toBe('ja');
    expect(negotiateLocale(['fr-FR', 'en-GB'])).toBe('en');
    expect(negotiateLocale(['de'])).toBe('ko');
    expect(negotiateLocale([])).toBe('ko');
  });

  it('fills placeholders and formats dates per locale in UTC', () => {
    expect(format(ui('en')['post.readingTime'], { minutes: 3 })).toBe('3 min read');
    expect(format('{a} {b}', { a: 1 })).toBe('1 {b}');
    const date = new Date('2026-11-29T00:00:00Z');
    expect(formatDate(date, 'ko')).toBe('2026년 11월 29일');
    expect(formatDate(date, 'en')).toBe('November 29, 2026');
    expect(formatDate(date, 'ja')).toBe('2026年11月29日');
  });
});
