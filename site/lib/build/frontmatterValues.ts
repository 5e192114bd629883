/**
 * Frontmatter values the schema must decide rather than guess: dates that are real calendar days, and Jekyll's tag and
 * category strings split the way a writer means them. Pure functions, so the schema, the loader and tests share them.
 */
import { termSlug } from '../urls.ts';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?=$|[T ])/;

/**
 * Why `text` (as written in the file) is not a real day, or null when it is or is no `YYYY-MM-DD` at all.
 * YAML turns `2026-02-30` into 2 March without a word; this catches it from the raw text.
 * @example impossibleDay('2026-02-30') === '2026-02-30 is not a day of the calendar (February 2026 has 28 days)'
 */
export function impossibleDay(text: string): string | null {
  const match = ISO_DAY.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12) return `${match[0]} is not a day of the calendar (there is no month ${month})`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) {
    const monthName = new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
    return `${match[0]} is not a day of the calendar (${monthName} ${year} has ${days} days)`;
  }
  return null;
}

/**
 * A frontmatter date from what YAML gave: a Date, or a string starting `YYYY-MM-DD` (a quoted date, an ISO time).
 * Returns the Date, or the message for a value that is not one (`yesterday`, `2026-02-30`, `1 March`).
 */
export function parsePostDate(value: unknown): Date | string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'is not a valid date; write it as YYYY-MM-DD' : value;
  if (typeof value !== 'string') return `expected a date written as YYYY-MM-DD, got ${typeof value} ${JSON.stringify(value)}`;
  const impossible = impossibleDay(value);
  if (impossible) return `${impossible}; write a real date as YYYY-MM-DD`;
  const date = ISO_DAY.test(value.trim()) ? new Date(value.trim()) : undefined;
  if (!date || Number.isNaN(date.getTime())) return `"${value}" is not a date; write it as YYYY-MM-DD (for example 2026-11-29)`;
  return date;
}

/**
 * Jekyll's `tags: a b` as a list; a string is split on commas and spaces, so `"a, b"` is `a` and `b`, never `a,`.
 * List items are names as written (a list item may hold a space: `deep learning`), trimmed.
 * @example splitTerms('dl, cnn  vision') → ['dl', 'cnn', 'vision']
 */
export function splitTerms(value: string | readonly string[]): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return value.map((term) => term.trim());
}

/** Why a tag or category name cannot be a page, or null when `termSlug` makes a safe path of it. */
export function unsafeTerm(term: string): string | null {
  if (termSlug(term) !== '') return null;
  return `"${term}" has no letter or digit to make a URL path from; use a name with letters or digits`;
}
