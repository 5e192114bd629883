/**
 * Jekyll posts that keep their text in Markdown includes (`{% include posts/x/zh.md %}`, often captured and run through
 * `markdownify` so that a theme can show one language at a time): the include's text is put in the post, since the
 * MDX post has no `_includes/` to read at build time. HTML includes (theme chrome: ads, share buttons) are left to the
 * Liquid pass, which keeps them visibly with a warning.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyEdits, type Edit } from './edits.ts';
import { type OffsetChange, wholeLineIfAlone } from './liquid.ts';

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

/** A Markdown include as blocks of its own: blank lines around it, so it is never read as part of an HTML block. */
function asBlocks(markdown: string): string {
  return `\n${markdown.replace(/\r\n?/g, '\n').replace(/^\n+|\n+$/g, '')}\n\n`;
}

/** The edit that puts the Markdown include `match` of `text` in place, its own includes followed; undefined if none. */
function includeAt(text: string, match: RegExpExecArray, read: IncludeReader, depth: number): { edit: Edit; names: string[] } | undefined {
  const [tag, kind, name = ''] = match;
  if (!MARKDOWN_FILE.test(name) || depth >= DEPTH) return undefined;
  const content = read(name, kind === 'include_relative');
  if (content === undefined) return undefined;
  const inner = inlineIncludes(content, read, depth + 1);
  const [start, end] = wholeLineIfAlone(text, match.index, match.index + tag.length);
  return { edit: { start, end, text: asBlocks(inner.text) }, names: [name, ...inner.names] };
}

/** Text with every readable Markdown include put in place (depth-limited); how many were, and every name read. */
function inlineIncludes(text: string, read: IncludeReader, depth: number): { text: string; count: number; names: string[] } {
  const found = [...text.matchAll(INCLUDE)].flatMap((match) => includeAt(text, match, read, depth) ?? []);
  return {
    text: applyEdits(
      text,
      found.map((f) => f.edit),
    ).text,
    count: found.length,
    names: found.flatMap((f) => f.names),
  };
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
    if (inlined.count < includes.length) continue;
    captured.set(variable, inlined);
    const [start, end] = wholeLineIfAlone(text, match.index, match.index + whole.length);
    edits.push({ start, end, text: '' });
    taken.push([match.index, match.index + whole.length]);
  }

  for (const match of text.matchAll(OUTPUT)) {
    const value = captured.get(match[1] ?? '');
    if (!value) continue;
    const [start, end] = wholeLineIfAlone(text, match.index, match.index + match[0].length);
    edits.push({ start, end, text: asBlocks(value.text) });
    changes.push({
      offset: match.index,
      level: 'note',
      message: `${match[0].replace(/\s+/g, ' ')} -> the text of ${value.names.join(', ')} (from _includes/)`,
    });
  }

  for (const match of text.matchAll(INCLUDE)) {
    if (taken.some(([s, e]) => match.index >= s && match.index < e)) continue;
    const found = includeAt(text, match, read, 0);
    if (!found) continue;
    edits.push(found.edit);
    changes.push({ offset: match.index, level: 'note', message: `${match[0]} -> the text of ${found.names.join(', ')}` });
  }
  return { edits, changes };
}
