/**
 * A Jekyll post's body → MDX that builds and reads the same. Five passes, each a set of edits of the previous text so
 * every change keeps its source line: `{% raw %}`, `{% highlight %}`, `<div markdown="1">`, then Liquid and kramdown
 * outside code and math, then what MDX needs (HTML as JSX, escaped prose, fenced code, math KaTeX can render, images
 * from our origin).
 */
import katex from 'katex';
import type { Node, Parent, Root } from 'mdast';
import type { Locale } from '../../../site/lib/i18n.ts';
import { applyEdits, type Edit, lineOf } from './edits.ts';
import { escapeProse } from './escape.ts';
import { closeAll, type OpenElements, rewriteHtml } from './html.ts';
import { type IncludeReader, includeEdits } from './includes.ts';
import { htmlComment, kramdownEdits, markdownBlockEdits } from './kramdown.ts';
import {
  fenceFor,
  findLiquid,
  highlightEdits,
  type LiquidContext,
  type OffsetChange,
  rawEdits,
  resolveLiquid,
  restoreBraces,
} from './liquid.ts';
import { parseMarkdown, parseMdx } from './markdown.ts';

/** What an image becomes: a copy next to the post, or (remote, or not found) a credited link in place of it. */
export interface ImageResolver {
  /** Markdown/JSX for an image; `standalone` when it is alone in its paragraph (then a `<Figure>` fits). */
  image(
    src: string,
    alt: string,
    placement: 'standalone' | 'inline' | 'in-link' | 'html',
    line: number,
  ): { text: string; level: 'warning' | 'note'; message: string };
  /** JSX link for an `<iframe>`/`<video>`… from another origin. */
  embed(src: string, tag: string): string;
}

export interface ConvertOptions extends LiquidContext {
  lang: Locale;
  /** The post turns math on (`use_math`): `$…$` is math, as MathJax was set up to read it. */
  useMath: boolean;
  media: ImageResolver;
  /** Line of the body's first line in the source file, so changes name source lines. */
  bodyLine: number;
  /** Reads a Markdown include of the post's site (`_includes/`, or next to the post for `include_relative`). */
  readInclude?: IncludeReader;
}

export interface ConvertedBody {
  text: string;
  changes: { line: number; level: 'warning' | 'note'; message: string }[];
  /** The body has math (`$$…$$`) for KaTeX. */
  hasMath: boolean;
}

type Positioned = Node & { position: { start: { offset: number; line: number; column: number }; end: { offset: number } } };

function span(node: Node): [number, number] {
  const p = (node as Positioned).position;
  return [p.start.offset, p.end.offset];
}

function walk(node: Node, visit: (node: Node, parents: Parent[]) => boolean | undefined, parents: Parent[] = []): void {
  if (visit(node, parents) === false) return;
  const children = (node as Parent).children;
  if (children) for (const child of children) walk(child, visit, [...parents, node as Parent]);
}

const KATEX_OPTIONS = { throwOnError: true, strict: 'error', output: 'htmlAndMathml' } as const;

/**
 * Fenced code blocks found line by line, ignoring HTML blocks: what kramdown sees inside `<div markdown="1">` (a
 * CommonMark parse would take the fence's first line into the HTML block and lose the rest).
 */
export function fencedSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let open: { start: number; fence: string } | undefined;
  let offset = 0;
  for (const line of text.split('\n')) {
    const fence = /^[ \t]*(`{3,}|~{3,})/.exec(line)?.[1];
    if (!open && fence) open = { start: offset, fence };
    else if (open && fence && fence[0] === open.fence[0] && fence.length >= open.fence.length && line.trim() === fence) {
      spans.push([open.start, offset + line.length]);
      open = undefined;
    }
    offset += line.length + 1;
  }
  if (open) spans.push([open.start, text.length]);
  return spans;
}

/** Where code and math are in a parsed text: Liquid and kramdown syntax there is content, not markup. */
function codeSpans(tree: Root): [number, number][] {
  const spans: [number, number][] = [];
  walk(tree, (node) => {
    if (['code', 'inlineCode', 'math', 'inlineMath'].includes(node.type)) {
      spans.push(span(node));
      return false;
    }
    return true;
  });
  return spans;
}

/** KaTeX's error for TeX the site's build would reject (same options as astro.config.mjs), or undefined when it renders. */
export function katexError(tex: string, displayMode: boolean): string | undefined {
  try {
    katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

/** The container prefix of a block that starts at `offset`: the blanks (list indentation) before it on its line. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : ' '.repeat(before.length);
}

function indentLines(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : indent + line))
    .join('\n');
}

const PHRASING_BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);

/** Converts a post body; never throws for odd input, but records what it changed or could not keep. */
export function convertBody(body: string, options: ConvertOptions): ConvertedBody {
  const changes: { offset: number; level: 'warning' | 'note'; message: string; stage: number }[] = [];
  const maps: ((offset: number) => number)[] = [];
  const record = (stage: number) => (change: OffsetChange) => changes.push({ ...change, stage });

  // Pass 0: Markdown includes put in place (outside fenced code and {% raw %}), so every later pass reads their text.
  let t0 = applyEdits(body, []);
  if (options.readInclude) {
    const code = fencedSpans(body);
    for (const edit of rawEdits(body).edits) code.push([edit.start, edit.end]);
    const inCode = (edit: Edit) => code.some(([s, e]) => edit.start < e && edit.end > s);
    const includes = includeEdits(body, options.readInclude);
    const kept = includes.edits.filter((edit) => !inCode(edit));
    includes.changes.filter((c) => !code.some(([s, e]) => c.offset >= s && c.offset < e)).forEach(record(0));
    t0 = applyEdits(body, kept);
  }
  maps.push(t0.toSource);
  // Pass 1: {% raw %}.
  const raw = rawEdits(t0.text);
  raw.changes.forEach(record(1));
  const t1 = applyEdits(t0.text, raw.edits);
  maps.push(t1.toSource);
  // Pass 2: {% highlight %}.
  const highlight = highlightEdits(t1.text);
  highlight.changes.forEach(record(2));
  const t2 = applyEdits(t1.text, highlight.edits);
  maps.push(t2.toSource);

  // Pass 3: `<div markdown="1">` blocks opened up first, so the next parse sees the Markdown (and code) inside them.
  const codeIn2 = fencedSpans(t2.text);
  const blocks = markdownBlockEdits(t2.text, 0);
  blocks.changes.forEach(record(3));
  const t2b = applyEdits(
    t2.text,
    blocks.edits.filter((edit) => !codeIn2.some(([s, e]) => edit.start >= s && edit.start < e)),
  );
  maps.push(t2b.toSource);

  // Pass 4: Liquid and kramdown outside code and math.
  const protectedSpans = codeSpans(parseMarkdown(t2b.text, options.useMath));
  const isProtected = (offset: number) => protectedSpans.some(([s, e]) => offset >= s && offset < e);
  const liquidEdits: Edit[] = [];
  for (const tag of findLiquid(t2b.text)) {
    if (isProtected(tag.start) || (tag.comment === undefined && tag.tag.includes('\n\n'))) continue;
    if (tag.comment !== undefined) {
      liquidEdits.push({ start: tag.start, end: tag.end, text: htmlComment(tag.comment) });
      changes.push({ offset: tag.start, level: 'note', message: '{% comment %} -> MDX comment', stage: 4 });
      continue;
    }
    const resolved = resolveLiquid(tag.tag, options);
    liquidEdits.push({ start: tag.start, end: tag.end, text: resolved.text });
    if (resolved.change) changes.push({ offset: tag.start, ...resolved.change, stage: 4 });
  }
  const gaps: [number, number][] = [];
  let gapStart = 0;
  for (const [s, e] of [...protectedSpans].sort((a, b) => a[0] - b[0])) {
    if (s > gapStart) gaps.push([gapStart, s]);
    gapStart = Math.max(gapStart, e);
  }
  gaps.push([gapStart, t2b.text.length]);
  const kramdown: Edit[] = [];
  for (const [s, e] of gaps) {
    const found = kramdownEdits(t2b.text.slice(s, e), s);
    found.edits.forEach((edit, i) => {
      if ([...liquidEdits, ...kramdown].some((l) => edit.start < l.end && edit.end > l.start)) return;
      kramdown.push(edit);
      record(4)(found.changes[i] as OffsetChange);
    });
  }
  const t3 = applyEdits(t2b.text, [...liquidEdits, ...kramdown]);
  maps.push(t3.toSource);

  // Pass 5: MDX.
  const text = t3.text;
  const tree = parseMarkdown(text, options.useMath);
  const edits: Edit[] = [];
  const note = (offset: number, level: 'warning' | 'note', message: string) => changes.push({ offset, level, message, stage: 5 });
  const stacks = new Map<Node, OpenElements>();
  let hasMath = false;
  const sourceLine = (offset: number) => {
    let o = offset;
    for (let i = maps.length - 1; i >= 0; i--) o = (maps[i] as (n: number) => number)(o);
    return lineOf(body, o) + options.bodyLine - 1;
  };

  // Headings: the title is the page's h1, so sections start at h2 and never skip a level (axe's heading-order).
  const headings: Node[] = [];
  walk(tree, (node) => {
    if (node.type === 'heading') headings.push(node);
    return true;
  });
  const minDepth = Math.min(7, ...headings.map((h) => (h as unknown as { depth: number }).depth));
  const shift = minDepth < 2 ? 2 - minDepth : 0;
  let previous = 1;
  for (const heading of headings) {
    const depth = (heading as unknown as { depth: number }).depth;
    const next = Math.min(6, depth + shift, previous + 1);
    previous = next;
    if (next === depth) continue;
    const [s, e] = span(heading);
    const source = text.slice(s, e);
    const atx = /^(#{1,6})/.exec(source);
    if (atx) {
      edits.push({ start: s, end: s + (atx[1] as string).length, text: '#'.repeat(next) });
    } else {
      const children = (heading as Parent).children;
      const contentEnd = children.length > 0 ? span(children.at(-1) as Node)[1] : s;
      edits.push({ start: s, end: s, text: `${'#'.repeat(next)} ` });
      edits.push({ start: contentEnd, end: e, text: '' });
    }
    note(s, 'note', `heading level ${depth} -> ${next} (sections start at level 2 and skip none)`);
  }

  walk(tree, (node, parents) => {
    const [s, e] = node.type === 'root' ? [0, text.length] : span(node);
    const parent = parents.at(-1);
    switch (node.type) {
      case 'code': {
        const source = text.slice(s, e);
        if (/^[ \t]*(`{3,}|~{3,})/.test(source)) {
          const restored = restoreBraces(source);
          if (restored !== source) edits.push({ start: s, end: e, text: restored });
        } else {
          const value = restoreBraces((node as unknown as { value: string }).value);
          // The code's first line is indented by its container's indentation plus four columns.
          const lineStart = text.lastIndexOf('\n', s - 1) + 1;
          const lead = (/^[ \t]*/.exec(text.slice(lineStart, e)) as RegExpExecArray)[0].replaceAll('\t', '    ');
          const indent = ' '.repeat(Math.max(0, lead.length - 4));
          const fence = fenceFor(value);
          edits.push({
            start: Math.min(lineStart, s),
            end: e,
            text: `${indent}${fence}\n${indent}${indentLines(value, indent)}\n${indent}${fence}`,
          });
          note(s, 'note', 'indented code -> fenced code (MDX has no indented code)');
        }
        return false;
      }
      case 'inlineCode':
      case 'definition': {
        const source = text.slice(s, e);
        const restored = restoreBraces(source);
        if (restored !== source) edits.push({ start: s, end: e, text: restored });
        return false;
      }
      case 'math': {
        hasMath = true;
        const math = node as unknown as { value: string; meta?: string | null };
        const tex = restoreBraces([math.meta, math.value].filter(Boolean).join('\n'));
        const indent = indentAt(text, s);
        const error = katexError(tex, true);
        if (error) {
          const fence = fenceFor(tex);
          edits.push({ start: s, end: e, text: `${fence}latex\n${indentLines(tex, indent)}\n${indent}${fence}` });
          note(s, 'warning', `math KaTeX cannot render (${error}): kept as a latex code block`);
        } else if (math.meta || text.slice(s, e).includes('\uE000')) {
          edits.push({ start: s, end: e, text: `$$\n${indentLines(tex, indent)}\n${indent}$$` });
        }
        return false;
      }
      case 'inlineMath': {
        hasMath = true;
        const tex = restoreBraces((node as unknown as { value: string }).value);
        const source = text.slice(s, e);
        const alone = parent?.type === 'paragraph' && parent.children.length === 1 && source.startsWith('$$');
        const error = katexError(tex, alone);
        if (alone && !error) {
          const [ps, pe] = span(parent);
          const indent = indentAt(text, ps);
          edits.push({ start: ps, end: pe, text: `$$\n${indentLines(tex.trim(), indent)}\n${indent}$$` });
          note(s, 'note', '$$…$$ paragraph -> display math block');
        } else if (error) {
          const fence = alone ? '```' : '';
          edits.push({ start: s, end: e, text: alone ? `${fence}latex\n${tex.trim()}\n${fence}` : visibleMath(source) });
          note(s, 'warning', `math KaTeX cannot render (${error}): kept as code`);
        }
        return false;
      }
      case 'html': {
        const phrasingBlock = [...parents].reverse().find((p) => PHRASING_BLOCKS.has(p.type));
        const container = phrasingBlock ?? (parent as Parent);
        const open = stacks.get(container) ?? [];
        stacks.set(container, open);
        const html = text.slice(s, e);
        const rewritten = rewriteHtml(html, open, {
          flow: !phrasingBlock,
          dollar: !options.useMath,
          media: {
            image: (src, alt, offset) => {
              const result = options.media.image(src, alt, 'html', sourceLine(s + offset));
              note(s + offset, result.level, result.message);
              return result.text;
            },
            embed: (src, tag) => options.media.embed(src, tag),
          },
        });
        for (const change of rewritten.changes) note(s + change.offset, change.level, change.message);
        if (rewritten.text !== html) edits.push({ start: s, end: e, text: rewritten.text });
        return false;
      }
      case 'image': {
        const image = node as unknown as { url: string; alt?: string | null };
        const inLink = parents.some((p) => p.type === 'link' || p.type === 'linkReference');
        const standalone =
          !inLink &&
          parent?.type === 'paragraph' &&
          parent.children.every((c) => c === node || (c.type === 'text' && (c as unknown as { value: string }).value.trim() === ''));
        const placement = inLink ? 'in-link' : standalone ? 'standalone' : 'inline';
        const result = options.media.image(restoreBraces(image.url), image.alt ?? '', placement, sourceLine(s));
        const [rs, re] = standalone && parent ? span(parent) : [s, e];
        // A block that replaced a paragraph needs a blank line before whatever followed it directly.
        const gap = standalone && text[re] === '\n' && text[re + 1] !== undefined && text[re + 1] !== '\n' ? '\n' : '';
        edits.push({ start: rs, end: re, text: result.text + gap });
        note(s, result.level, result.message);
        return false;
      }
      case 'imageReference': {
        note(s, 'warning', 'image by reference ([id]) kept; check that it is not remote');
        return false;
      }
      case 'link': {
        const source = text.slice(s, e);
        if (source.startsWith('<')) {
          const url = (node as unknown as { url: string }).url;
          const label = source.slice(1, -1);
          edits.push({ start: s, end: e, text: `[${escapeProse(label)}](${url.replace(/[()\s]/g, encodeURIComponent)})` });
          note(s, 'note', `autolink ${source} -> [${label}](…) (MDX has no autolinks)`);
          return false;
        }
        return true;
      }
      case 'text': {
        const source = text.slice(s, e);
        // A marker deep-indented on a paragraph's later line is text to kramdown and CommonMark, but MDX (no indented
        // code) would start a list or heading there: escaped, it stays text. (A `>` there is a quote's own prefix.)
        const escaped = escapeProse(source, { dollar: !options.useMath }).replace(
          /(\n[ \t]*)([-*+]|\d{1,9}[.)]|#{1,6})(?=[ \t]|$)/g,
          (_, lead: string, marker: string) => `${lead}${marker.replace(/[-*+.)#]/, '\\$&')}`,
        );
        if (escaped !== source) edits.push({ start: s, end: e, text: escaped });
        return false;
      }
      default:
        return true;
    }
  });

  // Close what a container left open, where it ends: phrasing at the end of its block, flow on a line of its own.
  for (const [container, open] of stacks) {
    if (open.length === 0) continue;
    const end = container.type === 'root' ? text.length : span(container)[1];
    const flow = !PHRASING_BLOCKS.has(container.type);
    const indent = container.type === 'root' ? '' : indentAt(text, span(container)[0]).replace(/./g, ' ');
    edits.push({ start: end, end, text: flow ? `\n\n${indent}${closeAll(open)}\n` : closeAll(open) });
    note(end > 0 ? end - 1 : 0, 'warning', `unclosed ${open.map((n) => `<${n}>`).join('')} closed at the end of its block`);
    open.length = 0;
  }

  const t4 = applyEdits(text, dedupe(edits));
  maps.push(t4.toSource);
  return {
    text: restoreBraces(t4.text),
    hasMath,
    changes: changes.map((change) => {
      let o = change.offset;
      for (let i = change.stage - 1; i >= 0; i--) o = (maps[i] as (n: number) => number)(o);
      return { line: lineOf(body, o) + options.bodyLine - 1, level: change.level, message: change.message };
    }),
  };
}

/** Inline math KaTeX cannot render, kept visible as inline code. */
function visibleMath(source: string): string {
  const ticks = '`'.repeat(Math.max(0, ...[...source.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return `${ticks}${source}${ticks}`;
}

/** Drops edits that overlap an earlier one (a paragraph replaced whole wins over edits of its children). */
function dedupe(edits: Edit[]): Edit[] {
  // Zero-width insertions first, then the widest edit at a start.
  const sorted = [...edits].sort((a, b) => a.start - b.start || (a.end === a.start ? -1 : b.end === b.start ? 1 : b.end - a.end));
  const kept: Edit[] = [];
  let cursor = -1;
  for (const edit of sorted) {
    if (edit.start < cursor) continue;
    kept.push(edit);
    cursor = Math.max(cursor, edit.end);
  }
  return kept;
}

/** Checks that MDX parses the way the build will; returns the parser's message and the line, or undefined. */
export function mdxProblem(mdx: string): { line?: number; message: string } | undefined {
  try {
    parseMdx(mdx);
    return undefined;
  } catch (error) {
    const e = error as { message?: string; line?: number; place?: { line?: number } };
    return { message: e.message ?? String(error), line: e.line ?? e.place?.line };
  }
}

export type { Root };
