/**
 * Jekyll's Liquid, as far as a static MDX post can keep it: `{% raw %}` and `{% highlight %}` blocks, the URL tags and
 * variables, and everything else kept visibly (as inline code) with a warning, since guessing what a template meant is
 * worse than showing it.
 */
import type { Edit } from './edits.ts';

/** Braces inside `{% raw %}` are swapped for private-use characters so no later step reads them as Liquid; see `restoreBraces`. */
export const OPEN_BRACE = '\uE000';
export const CLOSE_BRACE = '\uE001';

export function protectBraces(text: string): string {
  return text.replaceAll('{', OPEN_BRACE).replaceAll('}', CLOSE_BRACE);
}

export function restoreBraces(text: string): string {
  return text.replaceAll(OPEN_BRACE, '{').replaceAll(CLOSE_BRACE, '}');
}

/** A change found at an offset of the text a step read; the converter turns offsets into source lines. */
export interface OffsetChange {
  offset: number;
  level: 'warning' | 'note';
  message: string;
}

const RAW_OPEN = /\{%-?\s*raw\s*-?%\}/g;
const RAW_CLOSE = /\{%-?\s*endraw\s*-?%\}/g;

/** Start and end of the whole line holding [start, end) when nothing else but blanks is on it; else the span itself. */
export function wholeLineIfAlone(text: string, start: number, end: number): [number, number] {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd === -1) lineEnd = text.length;
  if (text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd).trim() === '') {
    return [lineStart, Math.min(lineEnd + 1, text.length)];
  }
  return [start, end];
}

/**
 * `{% raw %}…{% endraw %}` → its content, braces protected; a tag alone on its line takes its line with it (so code
 * inside a fence stays byte for byte).
 * @example rawEdits('{% raw %}{{ x }}{% endraw %}').edits[0].text === '\uE000\uE000 x \uE001\uE001'
 */
export function rawEdits(text: string): { edits: Edit[]; changes: OffsetChange[] } {
  const edits: Edit[] = [];
  const changes: OffsetChange[] = [];
  RAW_OPEN.lastIndex = 0;
  let open: RegExpExecArray | null = RAW_OPEN.exec(text);
  while (open) {
    RAW_CLOSE.lastIndex = open.index + open[0].length;
    const close = RAW_CLOSE.exec(text);
    const [openStart, openEnd] = wholeLineIfAlone(text, open.index, open.index + open[0].length);
    if (!close) {
      changes.push({
        offset: open.index,
        level: 'warning',
        message: '{% raw %} without {% endraw %}: the rest of the post is taken as raw',
      });
      edits.push({ start: openStart, end: text.length, text: protectBraces(text.slice(openEnd)) });
      break;
    }
    const [closeStart, closeEnd] = wholeLineIfAlone(text, close.index, close.index + close[0].length);
    edits.push({ start: openStart, end: closeEnd, text: protectBraces(text.slice(openEnd, closeStart)) });
    RAW_OPEN.lastIndex = closeEnd;
    open = RAW_OPEN.exec(text);
  }
  return { edits, changes };
}

const HIGHLIGHT = /\{%-?\s*highlight\s+([^\s%]+)([^%]*?)-?%\}([ \t]*\n)?([\s\S]*?)\n?[ \t]*\{%-?\s*endhighlight\s*-?%\}/g;

/** The shortest fence of backticks longer than any backtick run at the start of a line of `code`. */
export function fenceFor(code: string): string {
  let longest = 2;
  for (const match of code.matchAll(/^[ \t]*(`{3,})/gm)) longest = Math.max(longest, (match[1] as string).length);
  return '`'.repeat(longest + 1);
}

/**
 * `{% highlight lang [linenos] %}…{% endhighlight %}` → a fenced code block with the same content, at the tag's
 * indentation (so it stays inside a list item).
 */
export function highlightEdits(text: string): { edits: Edit[]; changes: OffsetChange[] } {
  const edits: Edit[] = [];
  const changes: OffsetChange[] = [];
  for (const match of text.matchAll(HIGHLIGHT)) {
    const start = match.index;
    const end = start + match[0].length;
    const lang = (match[1] as string).replace(/[^\w+#.-]/g, '');
    const options = (match[2] as string).trim();
    const code = match[4] as string;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const before = text.slice(lineStart, start);
    const indent = /^[ \t]*$/.test(before) ? before : '';
    const fence = fenceFor(code);
    let lineEnd = text.indexOf('\n', end);
    if (lineEnd === -1) lineEnd = text.length;
    const after = text.slice(end, lineEnd);
    const replacement = `${indent ? '' : before.trim() === '' ? '' : '\n'}${fence}${lang}\n${code}\n${indent}${fence}${after.trim() === '' ? '' : '\n'}`;
    edits.push({ start, end, text: replacement });
    if (options)
      changes.push({ offset: start, level: 'note', message: `{% highlight ${lang} ${options} %}: options "${options}" dropped` });
  }
  return { edits, changes };
}

/** What the Liquid pass knows about the post and the site, to resolve variables and URL tags. */
export interface LiquidContext {
  /** The post's own frontmatter, for `{{ page.title }}` and the like. */
  page: Record<string, unknown>;
  /** The Jekyll site's `_config.yml`, for `{{ site.… }}` values (its own URL variables always resolve to our origin). */
  site?: Record<string, unknown>;
  /** Our URL of a Jekyll post named `YYYY-MM-DD-name` (as `post_url` writes it), or undefined when it is not being imported. */
  postUrl(name: string): string | undefined;
}

export interface LiquidResolution {
  /** Markdown text to put in place of the tag. */
  text: string;
  change?: { level: 'warning' | 'note'; message: string };
}

/** A tag kept as it was, as inline code so MDX neither runs nor hides it. */
export function visibleTag(tag: string): string {
  const flat = tag.replace(/\s+/g, ' ');
  const longestRun = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

const SITE_URL_VARIABLES = new Set(['site.url', 'site.baseurl', 'site.github.url', 'site.github.baseurl']);

function unquote(value: string): string | undefined {
  const m = /^(['"])(.*)\1$/s.exec(value.trim());
  return m ? (m[2] as string) : undefined;
}

/** Value of a Liquid output's head (`site.baseurl`, `'text'`, `page.title`), or undefined when it is not known. */
function evaluateHead(head: string, context: LiquidContext): string | undefined {
  const trimmed = head.trim();
  if (SITE_URL_VARIABLES.has(trimmed)) return '';
  const literal = unquote(trimmed);
  if (literal !== undefined) return literal;
  const variable = /^(page|site)((?:\.[\w-]+)+)$/.exec(trimmed);
  if (variable) {
    // Dotted paths reach into maps, as in `page.urls.fixed-topbar`.
    let value: unknown = variable[1] === 'page' ? context.page : (context.site ?? {});
    for (const key of (variable[2] as string).slice(1).split('.')) {
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}

/** Applies the URL filters (`relative_url`, `absolute_url`, `prepend: site.baseurl`, `append: '…'`); undefined for any other. */
function applyFilters(value: string, filters: string[], context: LiquidContext): string | undefined {
  let result = value;
  for (const filter of filters) {
    const [name = '', argument] = filter.split(/:(.*)/s).map((part) => part.trim());
    if (name === 'relative_url' || name === 'absolute_url') continue;
    if (name === 'prepend' || name === 'append') {
      const arg = evaluateHead(argument ?? '', context);
      if (arg === undefined) return undefined;
      result = name === 'prepend' ? arg + result : result + arg;
      continue;
    }
    return undefined;
  }
  return result;
}

/**
 * One Liquid tag or output, resolved to Markdown text.
 * @example resolveLiquid('{{ site.baseurl }}', ctx).text === ''
 * @example resolveLiquid('{{ page.urls.about }}', ctx) → the frontmatter's `urls: { about: … }` value
 * @example resolveLiquid('{% include ad.html %}', ctx).text === '`{% include ad.html %}`' (with a warning)
 */
export function resolveLiquid(tag: string, context: LiquidContext): LiquidResolution {
  const output = /^\{\{-?([\s\S]*?)-?\}\}$/.exec(tag);
  if (output) {
    const [head = '', ...filters] = (output[1] as string).split('|');
    const value = evaluateHead(head, context);
    const filtered = value === undefined ? undefined : applyFilters(value, filters, context);
    if (filtered !== undefined)
      return { text: filtered, change: { level: 'note', message: `${tag.replace(/\s+/g, ' ')} -> "${filtered}"` } };
    // Liquid renders a variable it does not know as nothing; so does the importer, with a warning to check the spot.
    return {
      text: '',
      change: {
        level: 'warning',
        message: `Liquid output ${tag.replace(/\s+/g, ' ')} has no value here: removed (Jekyll renders an unknown value as nothing)`,
      },
    };
  }
  const body = (/^\{%-?([\s\S]*?)-?%\}$/.exec(tag)?.[1] ?? '').trim();
  const [name = '', ...rest] = body.split(/\s+/);
  const argument = rest.join(' ');
  if (name === 'post_url') {
    const target =
      argument
        .replace(/\.(md|markdown)$/i, '')
        .split('/')
        .pop() ?? argument;
    const url = context.postUrl(target);
    if (url) return { text: url, change: { level: 'note', message: `{% post_url ${argument} %} -> ${url}` } };
    return {
      text: visibleTag(tag),
      change: { level: 'warning', message: `{% post_url ${argument} %}: no such post among those imported; kept as text` },
    };
  }
  if (name === 'link') {
    const postFile = /(?:^|\/)_posts\/(?:.*\/)?([^/]+?)\.(?:md|markdown)$/i.exec(argument);
    const url = postFile ? context.postUrl(postFile[1] as string) : undefined;
    if (url) return { text: url, change: { level: 'note', message: `{% link ${argument} %} -> ${url}` } };
    return {
      text: visibleTag(tag),
      change: { level: 'warning', message: `{% link ${argument} %} is not a post being imported; kept as text` },
    };
  }
  return { text: visibleTag(tag), change: { level: 'warning', message: `Liquid tag {% ${name} %} is not supported: kept as text` } };
}

/** Every `{{ … }}` and `{% … %}` in text, with offsets; `{% comment %}…{% endcomment %}` comes back as one span. */
export function findLiquid(text: string): { start: number; end: number; tag: string; comment?: string }[] {
  const found: { start: number; end: number; tag: string; comment?: string }[] = [];
  const pattern = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
  let match: RegExpExecArray | null = pattern.exec(text);
  while (match) {
    const start = match.index;
    let end = start + match[0].length;
    if (/^\{%-?\s*comment\s*-?%\}$/.test(match[0])) {
      const close = /\{%-?\s*endcomment\s*-?%\}/g;
      close.lastIndex = end;
      const closing = close.exec(text);
      const contentEnd = closing ? closing.index : text.length;
      const comment = text.slice(end, contentEnd);
      end = closing ? closing.index + closing[0].length : text.length;
      found.push({ start, end, tag: text.slice(start, end), comment });
    } else {
      found.push({ start, end, tag: match[0] });
    }
    pattern.lastIndex = end;
    match = pattern.exec(text);
  }
  return found;
}
