/**
 * Jekyll frontmatter → the site's schema (site/content.config.ts): the fields both understand are kept, theme fields
 * are dropped or mapped (each one named in the report), dates are read the way Jekyll reads them, and the slug comes
 * from the file name.
 */
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { postSchema } from '../../../site/content.config.ts';
import { isLocale, type Locale } from '../../../site/lib/i18n.ts';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../scaffold.ts';

/** The frontmatter block and the body after it; Jekyll only treats a file that starts with `---` as a post. */
export function splitFrontmatter(text: string): { yaml: string; body: string; bodyLine: number } | undefined {
  const normalized = text.replace(/^\uFEFF/, '');
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m.exec(normalized);
  if (match?.index !== 0) return undefined;
  const yaml = match[1] as string;
  // The body's first line: one past the frontmatter's last line.
  return { yaml, body: normalized.slice(match[0].length), bodyLine: match[0].split('\n').length - (match[0].endsWith('\n') ? 0 : 1) };
}

/** Parses YAML as Jekyll does (YAML 1.1: `yes`/`no` are booleans) but keeps dates as written, to read them ourselves. */
export function parseJekyllYaml(yaml: string): Record<string, unknown> {
  try {
    return parseYamlMapping(yaml);
  } catch (error) {
    // libyaml (Jekyll's parser) lets a quoted value continue on unindented lines; indenting them reads the same.
    const indented = yaml.replace(/\n(?![ \t#-]|[\w-]+\s*:|$)/g, '\n  ');
    if (indented === yaml) throw error;
    try {
      return parseYamlMapping(indented);
    } catch {
      throw error;
    }
  }
}

function parseYamlMapping(yaml: string): Record<string, unknown> {
  const data = parse(yaml, {
    version: '1.1',
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'),
  }) as unknown;
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new Error('the frontmatter is not a YAML mapping of fields');
  return data as Record<string, unknown>;
}

/**
 * The day of a Jekyll date, `YYYY-MM-DD`, as the author wrote it (the time and zone do not move it to another day).
 * Jekyll accepts one-digit months and days, a time, a zone, `/` separators and English month names.
 * @example jekyllDay('2017-3-19') === '2017-03-19'
 * @example jekyllDay('2015-10-15 21:31+08:00') === '2015-10-15'
 * @example jekyllDay('March 19, 2017') === '2017-03-19'
 */
export function jekyllDay(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const numeric = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[ T])/.exec(text);
  let year: number;
  let month: number;
  let day: number;
  if (numeric) {
    [year, month, day] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
  } else {
    const parsed = new Date(`${text.replace(/(\d)(st|nd|rd|th)\b/, '$1')} UTC`);
    if (Number.isNaN(parsed.getTime())) return undefined;
    [year, month, day] = [parsed.getUTCFullYear(), parsed.getUTCMonth() + 1, parsed.getUTCDate()];
  }
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parts of a post's file name: Jekyll's `YYYY-M-D-title.md`, with an optional language before the extension. */
export function parsePostFileName(fileName: string): { day?: string; name: string; lang?: Locale } {
  let name = fileName.replace(/\.(md|markdown|mdown|mkd|mkdn)$/i, '');
  let lang: Locale | undefined;
  const suffix = /\.([a-z]{2})$/i.exec(name);
  if (suffix && isLocale(suffix[1]?.toLowerCase())) {
    lang = suffix[1]?.toLowerCase() as Locale;
    name = name.slice(0, -3);
  }
  const dated = /^(\d{4}-\d{1,2}-\d{1,2})-(.+)$/.exec(name);
  const day = dated ? jekyllDay(dated[1]) : undefined;
  return { ...(day ? { day } : {}), name: day ? (dated?.[2] as string) : name, ...(lang ? { lang } : {}) };
}

/**
 * A slug the site accepts (lowercase ASCII words joined by hyphens) from a post's file-name title. A title with no
 * ASCII letters or digits (`딥러닝-기초`) gets `post-` and a short hash of the name, so it stays unique and stable.
 * @example slugFromName('My_First Post!') === 'my-first-post'
 */
export function slugFromName(name: string): { slug: string; ascii: boolean } {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let slug = words;
  if (slug.length > SLUG_MAX_LENGTH) slug = slug.slice(0, SLUG_MAX_LENGTH).replace(/-[^-]*$/, '');
  const nonAscii = /[^ -~]/.test(name);
  if (nonAscii) {
    const hash = createHash('sha1').update(name.normalize('NFC')).digest('hex').slice(0, 8);
    slug = slug === '' ? `post-${hash}` : `${slug}-${hash}`;
    return { slug, ascii: false };
  }
  if (!SLUG_PATTERN.test(slug)) throw new Error(`cannot make a slug from "${name}"`);
  return { slug, ascii: !nonAscii };
}

/** The theme's names for fields the schema has under another name. */
const MAPPED: Record<string, string> = {
  excerpt: 'description',
  summary: 'description',
  last_modified_at: 'updated',
  modified: 'updated',
  mathjax: 'use_math',
  math: 'use_math',
  usemathjax: 'use_math',
  katex: 'use_math',
  category: 'categories',
  tag: 'tags',
  language: 'lang',
  published: 'draft',
};

/** Fields taken over as they are. */
const KEPT = new Set([
  'title',
  'subtitle',
  'description',
  'date',
  'updated',
  'lang',
  'draft',
  'categories',
  'tags',
  'layout',
  'comments',
  'use_math',
]);

/**
 * Names for tags and categories: a list, or a string split on commas and whitespace (Jekyll splits on spaces; commas
 * are what authors mean in `tags: "a, b"`).
 * @example termNames('deep-learning, CNN') → ['deep-learning', 'CNN']
 */
export function termNames(value: unknown): string[] {
  const items = Array.isArray(value)
    ? value.map((item) => String(item ?? '').trim())
    : typeof value === 'string'
      ? value.split(/[,\s]+/)
      : value === undefined || value === null
        ? []
        : [String(value)];
  return [...new Set(items.map((item) => item.trim()).filter(Boolean))];
}

function truthy(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return undefined;
}

export interface MappedFrontmatter {
  fields: {
    title: string;
    subtitle?: string;
    description?: string;
    date: string;
    updated?: string;
    lang: Locale;
    draft: boolean;
    categories: string[];
    tags: string[];
    layout?: 'post';
    comments?: boolean;
    use_math: boolean;
  };
  dropped: string[];
  mapped: string[];
  notes: string[];
}

export interface MapOptions {
  fileName: string;
  /** The language the command was told, which wins over what the file says. */
  lang?: Locale;
  defaultLang: Locale;
  /** Day to use when neither the frontmatter nor the file name has one (Jekyll uses the file's modification time). */
  fallbackDay: string;
}

/** Maps one post's Jekyll frontmatter to the schema's fields; throws with the field's name when a value cannot be used. */
export function mapFrontmatter(data: Record<string, unknown>, options: MapOptions): MappedFrontmatter {
  const dropped: string[] = [];
  const mapped: string[] = [];
  const notes: string[] = [];
  const file = parsePostFileName(options.fileName);
  const get = (name: string) => data[name];
  const source: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (KEPT.has(key)) {
      if (source[key] === undefined) source[key] = value;
    } else if (MAPPED[key]) {
      const to = MAPPED[key] as string;
      if (source[to] === undefined || to === 'categories' || to === 'tags') {
        source[to] =
          to === 'categories' || to === 'tags'
            ? [...termNames(source[to]), ...termNames(value)]
            : key === 'published'
              ? truthy(value) === false
                ? true
                : undefined
              : value;
        mapped.push(`${key} -> ${to}`);
      } else {
        dropped.push(key);
      }
    } else {
      dropped.push(key);
    }
  }
  const titleValue = get('title');
  const title = typeof titleValue === 'string' || typeof titleValue === 'number' ? String(titleValue).trim() : '';
  let finalTitle = title;
  if (!finalTitle) {
    finalTitle = file.name.replace(/[-_]+/g, ' ').trim();
    notes.push(`no title: "${finalTitle}" taken from the file name`);
  }
  const rawDate = source.date;
  let date = rawDate === undefined ? undefined : jekyllDay(rawDate);
  if (rawDate !== undefined && !date) throw new Error(`field "date": "${String(rawDate)}" is not a date Jekyll reads`);
  if (!date) date = file.day;
  if (!date) {
    date = options.fallbackDay;
    notes.push(`no date in the frontmatter or the file name: ${date} (the file's modification day, as Jekyll does for drafts)`);
  }
  const updated = source.updated === undefined ? undefined : jekyllDay(source.updated);
  if (source.updated !== undefined && !updated) dropped.push(`updated ("${String(source.updated)}" is not a date)`);
  const langValue = typeof source.lang === 'string' ? source.lang.toLowerCase() : undefined;
  const lang = options.lang ?? (isLocale(langValue) ? langValue : undefined) ?? file.lang ?? options.defaultLang;
  if (source.lang !== undefined && !isLocale(langValue)) notes.push(`lang "${String(source.lang)}" is not a site language: ${lang} used`);
  const text = (value: unknown) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
  const fields: MappedFrontmatter['fields'] = {
    title: finalTitle,
    date,
    lang,
    draft: truthy(source.draft) ?? false,
    categories: termNames(source.categories),
    tags: termNames(source.tags),
    use_math: truthy(source.use_math) ?? false,
  };
  const subtitle = text(source.subtitle);
  if (subtitle) fields.subtitle = subtitle;
  const description = text(source.description);
  if (description) fields.description = description;
  if (updated) fields.updated = updated;
  if (source.layout !== undefined) {
    if (source.layout === 'post') fields.layout = 'post';
    else dropped.push(`layout (${String(source.layout)}: every post uses the post layout)`);
  }
  const comments = truthy(source.comments);
  if (comments !== undefined) fields.comments = comments;
  const checked = postSchema.safeParse(fields);
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => `field "${issue.path.join('.')}": ${issue.message}`).join('; ');
    throw new Error(`the mapped frontmatter does not pass the schema: ${problems}`);
  }
  return { fields, dropped, mapped, notes };
}

/** A YAML scalar that reads back as exactly this string. */
function yamlString(value: string): string {
  return JSON.stringify(value);
}

/** The frontmatter block of the MDX post, in the schema's order; tags and categories always as lists. */
export function renderFrontmatter(fields: MappedFrontmatter['fields']): string {
  const lines = ['---', `title: ${yamlString(fields.title)}`];
  if (fields.subtitle) lines.push(`subtitle: ${yamlString(fields.subtitle)}`);
  if (fields.description) lines.push(`description: ${yamlString(fields.description)}`);
  lines.push(`date: ${fields.date}`);
  if (fields.updated) lines.push(`updated: ${fields.updated}`);
  lines.push(`lang: ${fields.lang}`);
  if (fields.layout) lines.push(`layout: ${fields.layout}`);
  lines.push(`categories: [${fields.categories.map(yamlString).join(', ')}]`);
  lines.push(`tags: [${fields.tags.map(yamlString).join(', ')}]`);
  if (fields.comments !== undefined) lines.push(`comments: ${fields.comments}`);
  lines.push(`use_math: ${fields.use_math}`);
  if (fields.draft) lines.push('draft: true');
  lines.push('---');
  return lines.join('\n');
}
