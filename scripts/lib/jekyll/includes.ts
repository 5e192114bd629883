/**
 * Jekyll posts that keep their text in Markdown includes (`{% include posts/x/zh.md %}`, often captured and run through
 * `markdownify` so that a theme can show one language at a time): the include's text is put in the post, since the
 * MDX post has no `_includes/` to read at build time. HTML includes (theme chrome: ads, share buttons) are left to the
 * Liquid pass, which keeps them visibly with a warning.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyEdits, type Edit } from './edits.ts';
import type { OffsetChange } from './liquid.ts';

/** Reads `{% include name %}` (`relative` for `include_relative`): the file's text, or undefined when there is none. */
export type IncludeReader = (name: string, relative: boolean) => string | undefined;

/**
 * The reader of a post's includes: `_includes/<name>` of its site, `<name>` next to the post for `include_relative`;
 * nothing outside those folders, nothing that cannot be read.
 */
export function includeReader(siteRoot: string | undefined, postDir: string): IncludeReader {
  return (name, relative) => {
    const base = relative ? postDir : siteRoot && path.join(siteRoot, '_includes');
    if (!base) return undefined;
    const file = path.resolve(base, name);
    if (!file.startsWith(path.resolve(base) + path.sep)) return undefined;
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
}

const INCLUDE = /\{%-?\s*(include|include_relative)\s+([^\s%]+)\s*-?%\}/g;
const CAPTURE = /\{%-?\s*capture\s+(\w+)\s*-?%\}([\s\S]*?)\{%-?\s*endcapture\s*-?%\}/g;
/** `{{ name }}` or `{{ name | markdownify }}`: the two ways a captured include is shown. */
const OUTPUT = /\{\{-?\s*(\w+)\s*(\|\s*markdownify\s*)?-?\}\}/g;
const MARKDOWN_FILE = /\.(md|markdown)$/i;
/** Includes inside includes are followed this deep (a file that includes itself stops here). */
const DEPTH = 4;

/** The span of [start, end) widened to its whole line (newline included) when nothing else but blanks is on it. */
function lineIfAlone(text: string, start: number, end: number): [number, number] {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd === -1) lineEnd = text.length;
  const alone = text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd).trim() === '';
  return alone ? [lineStart, Math.min(lineEnd + 1, text.length)] : [start, end];
}

/** A Markdown include as blocks of its own: blank lines around it, so it is never read as part of an HTML block. */
function asBlocks(markdown: string): string {
  return `\n${markdown.replace(/\r\n?/g, '\n').replace(/^\n+|\n+$/g, '')}\n\n`;
}

/** Text with every readable Markdown include put in place (depth-limited); the names that were. */
function inlineIncludes(text: string, read: IncludeReader, depth: number): { text: string; names: string[] } {
  const names: string[] = [];
  const edits: Edit[] = [];
  for (const match of text.matchAll(INCLUDE)) {
    const [tag, kind, name = ''] = match;
    if (!MARKDOWN_FILE.test(name) || depth >= DEPTH) continue;
    const content = read(name, kind === 'include_relative');
    if (content === undefined) continue;
    const inner = inlineIncludes(content, read, depth + 1);
    const [start, end] = lineIfAlone(text, match.index, match.index + tag.length);
    edits.push({ start, end, text: asBlocks(inner.text) });
    names.push(name, ...inner.names);
  }
  return { text: applyEdits(text, edits).text, names };
}

/**
 * Markdown includes put in the post: a plain `{% include x.md %}` where it stands, and a capture of includes where the
 * captured variable is shown (`{{ v | markdownify }}`), the capture itself removed.
 * @example includeEdits('{% include a.md %}\n', () => 'Hello.') → one edit whose text is '\nHello.\n\n'
 */
export function includeEdits(text: string, read: IncludeReader): { edits: Edit[]; changes: OffsetChange[] } {
  const edits: Edit[] = [];
  const changes: OffsetChange[] = [];
  const captured = new Map<string, { text: string; names: string[] }>();
  const taken: [number, number][] = [];

  for (const match of text.matchAll(CAPTURE)) {
    const [whole, variable = '', body = ''] = match;
    // Only a capture made of Markdown includes alone, every one read: anything else stays for the Liquid pass to report.
    const includes = [...body.matchAll(INCLUDE)];
    if (includes.length === 0 || body.replace(INCLUDE, '').trim() !== '') continue;
    const inlined = inlineIncludes(body, read, 0);
    if (inlined.names.length < includes.length) continue;
    captured.set(variable, inlined);
    const [start, end] = lineIfAlone(text, match.index, match.index + whole.length);
    edits.push({ start, end, text: '' });
    taken.push([match.index, match.index + whole.length]);
  }

  for (const match of text.matchAll(OUTPUT)) {
    const value = captured.get(match[1] ?? '');
    if (!value) continue;
    const [start, end] = lineIfAlone(text, match.index, match.index + match[0].length);
    edits.push({ start, end, text: asBlocks(value.text) });
    changes.push({
      offset: match.index,
      level: 'note',
      message: `${match[0].replace(/\s+/g, ' ')} -> the text of ${value.names.join(', ')} (from _includes/)`,
    });
  }

  for (const match of text.matchAll(INCLUDE)) {
    if (taken.some(([s, e]) => match.index >= s && match.index < e)) continue;
    const [tag, kind, name = ''] = match;
    if (!MARKDOWN_FILE.test(name)) continue;
    const content = read(name, kind === 'include_relative');
    if (content === undefined) continue;
    const inner = inlineIncludes(content, read, 1);
    const [start, end] = lineIfAlone(text, match.index, match.index + tag.length);
    edits.push({ start, end, text: asBlocks(inner.text) });
    changes.push({ offset: match.index, level: 'note', message: `${tag} -> the text of ${[name, ...inner.names].join(', ')}` });
  }
  return { edits, changes };
}
