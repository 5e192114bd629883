/**
 * kramdown's own syntax that MDX does not have: attribute lists (`{: .class}`), extensions (`{::comment}`,
 * `{::nomarkdown}`, `{::options /}`) and the `{:toc}` marker. Each is removed or converted with a change noted.
 */
import type { Edit } from './edits.ts';
import type { OffsetChange } from './liquid.ts';

/** An MDX comment holding `text` (a `*\/` inside is broken so it cannot end the comment early). */
export function mdxComment(text: string): string {
  return `{/*${text.replaceAll('*/', '* /').replace(/\n{2,}/g, '\n')}*/}`;
}

/**
 * An HTML comment holding `text`, for comments found before the MDX pass (which turns HTML comments into MDX ones).
 * @example htmlComment(' a --> b ') === '<!-- a -- > b -->'
 */
export function htmlComment(text: string): string {
  return `<!--${text.replaceAll('-->', '-- >')}-->`;
}

/** `* TOC` / `- contents` / `1. 目录` (one list item) followed by `{:toc}`: the site builds its own table of contents. */
const TOC = /^[ \t]*(?:[-*+]|\d+\.)[ \t]+[^\n]*\n[ \t]*\{:\s*toc\s*\}[ \t]*(?:\n|$)/gm;
const EXTENSION_BLOCK = /\{::(comment|nomarkdown)\}([\s\S]*?)\{:\/(?:\1)?\}/g;
const EXTENSION_SINGLE = /\{::(\w+)[^}]*\/\}/g;
const BLOCK_IAL = /^[ \t]*\{:(?!:)[^}\n]*\}[ \t]*$\n?/gm;
const INLINE_IAL = /\{:(?!:)[^}\n]*\}/g;

/**
 * Edits for kramdown syntax in `text` (a stretch of the post outside code and math), offsets relative to `base`.
 * @example kramdownEdits('para\n{: .center}\n', 0).edits[0] → the IAL line becomes an empty line
 */
export function kramdownEdits(text: string, base: number): { edits: Edit[]; changes: OffsetChange[] } {
  const edits: Edit[] = [];
  const changes: OffsetChange[] = [];
  const taken: [number, number][] = [];
  const free = (start: number, end: number) => taken.every(([s, e]) => end <= s || start >= e);
  const add = (start: number, end: number, replacement: string, level: 'warning' | 'note', message: string) => {
    if (!free(start, end)) return;
    taken.push([start, end]);
    edits.push({ start: base + start, end: base + end, text: replacement });
    changes.push({ offset: base + start, level, message });
  };
  for (const m of text.matchAll(TOC)) {
    add(m.index, m.index + m[0].length, '', 'warning', 'kramdown table of contents ({:toc}) removed: the post page has its own');
  }
  for (const m of text.matchAll(EXTENSION_BLOCK)) {
    const [whole, kind, content = ''] = m;
    if (kind === 'comment') add(m.index, m.index + whole.length, htmlComment(content), 'note', '{::comment} -> comment');
    else add(m.index, m.index + whole.length, content, 'warning', '{::nomarkdown} markers removed; its content is converted like the rest');
  }
  for (const m of text.matchAll(EXTENSION_SINGLE)) {
    add(m.index, m.index + m[0].length, '', 'warning', `kramdown extension {::${m[1]} /} removed`);
  }
  for (const m of text.matchAll(BLOCK_IAL)) {
    const keepNewline = m[0].endsWith('\n') ? '\n' : '';
    add(m.index, m.index + m[0].length, keepNewline, 'warning', `kramdown attribute list ${m[0].trim()} removed`);
  }
  for (const m of text.matchAll(INLINE_IAL)) {
    add(m.index, m.index + m[0].length, '', 'warning', `kramdown attribute list ${m[0]} removed`);
  }
  return { edits, changes };
}

const MARKDOWN_ATTRIBUTE = /<([A-Za-z][\w-]*)(\s[^>]*?)?\s+markdown\s*=\s*(?:"(?:1|block|span)"|'(?:1|block|span)'|1)([^>]*)>/g;

/**
 * `<div markdown="1">` (kramdown reads Markdown inside it): the tags go on lines of their own with blank lines around
 * the content, so the content is read as Markdown here too, and the attribute is dropped.
 * @example markdownBlockEdits('<div class="box" markdown="1">\n**b**\n</div>', 0) → '<div class="box">\n\n**b**\n\n</div>'
 */
export function markdownBlockEdits(text: string, base: number): { edits: Edit[]; changes: OffsetChange[] } {
  const edits: Edit[] = [];
  const changes: OffsetChange[] = [];
  for (const m of text.matchAll(MARKDOWN_ATTRIBUTE)) {
    const name = (m[1] as string).toLowerCase();
    const openEnd = m.index + m[0].length;
    // The matching end tag, counting nested elements of the same name.
    const tags = new RegExp(`<(/?)${name}\\b[^>]*>`, 'gi');
    tags.lastIndex = openEnd;
    let depth = 1;
    let close: RegExpExecArray | null = null;
    for (let t = tags.exec(text); t; t = tags.exec(text)) {
      depth += t[1] ? -1 : t[0].endsWith('/>') ? 0 : 1;
      if (depth === 0) {
        close = t;
        break;
      }
    }
    if (!close) continue;
    edits.push({
      start: base + m.index,
      end: base + openEnd,
      text: `${m.index === 0 ? '' : '\n\n'}<${m[1]}${m[2] ?? ''}${m[4] ?? ''}>\n\n`,
    });
    edits.push({ start: base + close.index, end: base + close.index + close[0].length, text: `\n\n${close[0]}\n\n` });
    changes.push({ offset: base + m.index, level: 'note', message: `<${name} markdown="1">: its content is read as Markdown` });
  }
  return { edits, changes };
}
