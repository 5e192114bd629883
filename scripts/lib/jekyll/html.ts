/**
 * Raw HTML in a Jekyll post → JSX that MDX accepts and that renders the same: tag names lower-cased (MDX reads a
 * capital as a component), void elements closed, attributes quoted, comments as MDX comments, tags balanced, text
 * escaped. What the site cannot serve (scripts, inline event handlers, frames from other origins) is dropped or
 * turned into a link, with a warning.
 */
import { decodeEntities, escapeProse } from './escape.ts';
import { mdxComment } from './kramdown.ts';
import { fenceFor } from './liquid.ts';

export const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/** HTML (and the common SVG/MathML) element names; anything else in `<…>` is prose such as `List<String>`. */
export const KNOWN_ELEMENTS = new Set([
  ...VOID_ELEMENTS,
  ...'a abbr address article aside audio b bdi bdo blockquote body button canvas caption center cite code colgroup data datalist dd del details dfn dialog div dl dt em fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hgroup html i iframe ins kbd label legend li main map mark menu meter nav noscript object ol optgroup option output p picture pre progress q rp rt ruby s samp script section select small span strike strong style sub summary sup table tbody td template textarea tfoot th thead time title tr tt u ul var video big'.split(
    ' ',
  ),
  ...'svg g path circle rect line polyline polygon ellipse text tspan defs use symbol marker lineargradient radialgradient stop clippath mask pattern image foreignobject math mi mo mn msup msub mfrac mrow msqrt'.split(
    ' ',
  ),
]);

/** Elements whose whole content is dropped: they would run code or restyle the site, and the site's policy forbids both. */
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'link',
  'meta',
  'base',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'template',
  'head',
  'title',
]);
/** Elements that embed another origin's page or media: replaced by a link to it. */
const EMBEDS = new Set(['iframe', 'video', 'audio', 'embed', 'object']);
/** Elements that may hold Markdown blocks between their tags (`<div>` … blank line … `</div>`). */
const CONTAINERS = new Set([
  'div',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'nav',
  'main',
  'details',
  'figure',
  'blockquote',
  'center',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
]);
/** Opening one of these closes an open `<p>`, as an HTML parser would. */
const CLOSES_P = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'details',
  'div',
  'dl',
  'fieldset',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
]);
/** Opening the key closes an open element named in the value (`<li>` after `<li>` and so on). */
const CLOSES_SIBLING: Record<string, string[]> = {
  li: ['li'],
  dt: ['dt', 'dd'],
  dd: ['dt', 'dd'],
  tr: ['tr', 'td', 'th'],
  td: ['td', 'th'],
  th: ['td', 'th'],
  option: ['option'],
};

export interface HtmlChange {
  /** Offset in the HTML text given to `rewriteHtml`. */
  offset: number;
  level: 'warning' | 'note';
  message: string;
}

/** What an image or embed becomes; supplied by the converter, which knows the site root and the post's folder. */
export interface HtmlMediaContext {
  /** JSX (or Markdown) to put in place of `<img>`; `attrs` are the tag's attributes, already lower-cased. */
  image(src: string, alt: string, offset: number): string;
  /** JSX link that stands in for an embedded frame or media element. */
  embed(src: string, tag: string, offset: number): string;
}

export interface HtmlOptions {
  /** Flow: the HTML stands as a block of its own, so `<pre>` can become a fenced code block. */
  flow: boolean;
  /** Escape `$` in text (math is off in this post). */
  dollar: boolean;
  media: HtmlMediaContext;
}

const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<![^>]*>|<\?[\s\S]*?\?>|<\/([A-Za-z][\w:-]*)\s*>|<([A-Za-z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const JSX_ATTRIBUTE_NAME = /^[A-Za-z_][\w.-]*(?::[\w.-]+)?$/;

export interface Attribute {
  name: string;
  value?: string;
}

export function parseAttributes(source: string): Attribute[] {
  const attributes: Attribute[] = [];
  for (const m of source.matchAll(ATTRIBUTE)) {
    const value = m[2] ?? m[3] ?? m[4];
    attributes.push({ name: m[1] as string, ...(value === undefined ? {} : { value }) });
  }
  return attributes;
}

/** A JSX attribute: double quotes unless the value holds one (then single; both: `&quot;`). */
function jsxAttribute({ name, value }: Attribute): string {
  if (value === undefined) return ` ${name}`;
  if (!value.includes('"')) return ` ${name}="${value}"`;
  if (!value.includes("'")) return ` ${name}='${value}'`;
  return ` ${name}="${value.replaceAll('"', '&quot;')}"`;
}

/** Lower-case tag and attribute names that JSX can spell; drops `on…` handlers and names JSX cannot parse. */
function cleanAttributes(attributes: Attribute[], tag: string, offset: number, changes: HtmlChange[]): Attribute[] {
  const kept: Attribute[] = [];
  for (const attribute of attributes) {
    if (/^on/i.test(attribute.name)) {
      changes.push({
        offset,
        level: 'warning',
        message: `<${tag} ${attribute.name}="…">: event handler dropped (the site runs no inline scripts)`,
      });
    } else if (!JSX_ATTRIBUTE_NAME.test(attribute.name)) {
      changes.push({ offset, level: 'warning', message: `<${tag}>: attribute "${attribute.name}" is not valid JSX: dropped` });
    } else {
      kept.push(attribute);
    }
  }
  return kept;
}

/** Text content of an HTML fragment (tags removed, references decoded), for `<pre>` blocks. */
export function htmlText(fragment: string): string {
  return decodeEntities(fragment.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]*>/g, ''));
}

const MARKDOWN_INLINE = new Set(['`', '*', '_', '[', ']', '~']);

/**
 * Backslash-escapes the characters that start Markdown inline syntax (code, emphasis, links, strikethrough).
 * @example escapeMarkdown('a `b` *c*') === 'a \\`b\\` \\*c\\*'
 */
export function escapeMarkdown(text: string): string {
  let out = '';
  let backslashes = 0;
  for (const char of text) {
    out += MARKDOWN_INLINE.has(char) && backslashes % 2 === 0 ? `\\${char}` : char;
    backslashes = char === '\\' ? backslashes + 1 : 0;
  }
  return out;
}

/** The open elements of one container (a paragraph, a list item, the document), kept across its HTML pieces. */
export type OpenElements = string[];

/**
 * Rewrites one piece of HTML (an mdast `html` node) into MDX; `open` carries the elements left open by earlier pieces
 * of the same container and is updated.
 */
export function rewriteHtml(html: string, open: OpenElements, options: HtmlOptions): { text: string; changes: HtmlChange[] } {
  const changes: HtmlChange[] = [];
  let out = '';
  let cursor = 0;
  const closeUntil = (index: number, offset: number, why: string) => {
    while (open.length > index) {
      const name = open.pop() as string;
      out += `</${name}>`;
      changes.push({ offset, level: 'note', message: `<${name}> closed ${why}` });
    }
  };
  // In an HTML block, text and tags go on one line: kramdown reads no Markdown there, and MDX would otherwise split
  // the block into paragraphs at its line ends (newlines in HTML text are plain spaces).
  // Elements below this depth were opened by earlier pieces of the container.
  let openedBefore = open.length;
  const flat = (s: string) => (options.flow ? s.replace(/[ \t]*\n[ \t]*/g, ' ') : s);
  // kramdown reads no Markdown in an HTML block, MDX does in its JSX: Markdown's own characters there are escaped.
  const text = (s: string) =>
    flat(options.flow ? escapeMarkdown(escapeProse(s, { dollar: options.dollar })) : escapeProse(s, { dollar: options.dollar }));
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null = TOKEN.exec(html);
  while (match) {
    const [whole] = match;
    const start = match.index;
    out += text(html.slice(cursor, start));
    cursor = start + whole.length;
    if (whole.startsWith('<!--')) {
      out += flat(mdxComment(whole.replace(/^<!--/, '').replace(/-->$/, '')));
      changes.push({ offset: start, level: 'note', message: 'HTML comment -> MDX comment' });
    } else if (whole.startsWith('<!') || whole.startsWith('<?')) {
      changes.push({ offset: start, level: 'warning', message: `${whole.slice(0, 20)}… dropped` });
    } else if (match[1] !== undefined) {
      const name = match[1].toLowerCase();
      if (!KNOWN_ELEMENTS.has(name)) {
        out += escapeProse(whole, { dollar: options.dollar });
        changes.push({ offset: start, level: 'warning', message: `${whole} is not an HTML element: kept as text` });
      } else if (VOID_ELEMENTS.has(name)) {
        changes.push({ offset: start, level: 'note', message: `stray ${whole} dropped` });
      } else {
        const index = open.lastIndexOf(name);
        if (index === -1) {
          changes.push({ offset: start, level: 'warning', message: `${whole} closes nothing that is open: dropped` });
        } else {
          closeUntil(index + 1, start, `before </${name}>`);
          open.pop();
          // Closing an element an earlier block opened: MDX wants that tag on a line of its own, between blank lines.
          const outer = options.flow && index < openedBefore;
          out += outer ? `${out.trim() === '' ? '' : '\n\n'}</${name}>${html.slice(cursor).trim() === '' ? '' : '\n\n'}` : `</${name}>`;
          openedBefore = Math.min(openedBefore, open.length);
        }
      }
    } else {
      const name = (match[2] as string).toLowerCase();
      const selfClosing = match[4] === '/';
      if (!KNOWN_ELEMENTS.has(name)) {
        out += escapeProse(whole, { dollar: options.dollar });
        changes.push({
          offset: start,
          level: 'warning',
          message: `${whole.length > 40 ? `${whole.slice(0, 40)}…` : whole} is not an HTML element: kept as text`,
        });
      } else if (DROPPED.has(name) || EMBEDS.has(name) || name === 'pre') {
        // The element and its content go as one: find its end tag in this piece.
        let end = html.length;
        let inner = html.slice(cursor);
        if (!selfClosing && !VOID_ELEMENTS.has(name)) {
          const close = new RegExp(`</${name}\\s*>`, 'i').exec(html.slice(cursor));
          if (close) {
            inner = html.slice(cursor, cursor + close.index);
            end = cursor + close.index + close[0].length;
          }
        } else {
          inner = '';
          end = cursor;
        }
        const attributes = parseAttributes(match[3] ?? '');
        if (name === 'pre') {
          const code = htmlText(inner.replace(/^\n/, '')).replace(/\n$/, '');
          const classes = `${attributes.find((a) => a.name.toLowerCase() === 'class')?.value ?? ''} ${/<code[^>]*class="([^"]*)"/i.exec(inner)?.[1] ?? ''}`;
          const lang = /(?:language|lang|brush:?)-?\s*([\w+#-]+)/.exec(classes)?.[1] ?? '';
          const atLineStart = out === '' || out.endsWith('\n');
          if (options.flow && open.length === 0 && atLineStart) {
            const fence = fenceFor(code);
            out += `${fence}${lang}\n${code}\n${fence}\n`;
            cursor = end;
            // What follows the block starts on a line of its own.
            if (html.slice(cursor).trim() !== '') out += '\n';
            changes.push({ offset: start, level: 'note', message: '<pre> -> fenced code block' });
          } else {
            out += `<pre><code>{${JSON.stringify(code)}}</code></pre>`;
            changes.push({ offset: start, level: 'note', message: '<pre> kept, its text as one JSX string so its spacing stays' });
          }
        } else if (EMBEDS.has(name)) {
          const src = attributes.find((a) => a.name.toLowerCase() === 'src')?.value ?? /<source[^>]*src="([^"]*)"/i.exec(inner)?.[1];
          if (src) out += options.media.embed(src, name, start);
          changes.push({
            offset: start,
            level: 'warning',
            message: `<${name}${src ? ` src="${src}"` : ''}> replaced by a link (the site embeds nothing from another origin)`,
          });
        } else {
          changes.push({
            offset: start,
            level: 'warning',
            message: `<${name}> element dropped with its content (the site runs no inline scripts and loads no other stylesheets)`,
          });
        }
        cursor = end;
      } else if (name === 'img') {
        const attributes = parseAttributes(match[3] ?? '');
        const src = attributes.find((a) => a.name.toLowerCase() === 'src')?.value;
        const alt = attributes.find((a) => a.name.toLowerCase() === 'alt')?.value ?? '';
        if (src) out += options.media.image(src, alt, start);
        else changes.push({ offset: start, level: 'warning', message: '<img> without src dropped' });
      } else {
        const attributes = cleanAttributes(parseAttributes(match[3] ?? ''), name, start, changes);
        if (CLOSES_P.has(name) && open.includes('p')) closeUntil(open.lastIndexOf('p'), start, `by <${name}>`);
        const siblings = CLOSES_SIBLING[name];
        if (siblings?.includes(open.at(-1) ?? '')) closeUntil(open.length - 1, start, `by <${name}>`);
        const isVoid = VOID_ELEMENTS.has(name);
        out += flat(`<${name}${attributes.map(jsxAttribute).join('')}${isVoid || selfClosing ? ' />' : '>'}`);
        if (!isVoid && !selfClosing) open.push(name);
      }
    }
    TOKEN.lastIndex = cursor;
    match = TOKEN.exec(html);
  }
  out += text(html.slice(cursor));
  if (options.flow) {
    // An HTML block ends at a blank line: what it opened that is not a container (a <p>, a <b>) ends with it, as the
    // next Markdown block would end it in the browser.
    while (open.length > 0 && !CONTAINERS.has(open.at(-1) as string)) {
      const name = open.pop() as string;
      out += `</${name}>`;
      changes.push({ offset: html.length, level: 'note', message: `<${name}> closed at the end of its HTML block` });
    }
  }
  return { text: out, changes };
}

/** Closing tags for what a container left open, innermost first. */
export function closeAll(open: OpenElements): string {
  return [...open]
    .reverse()
    .map((name) => `</${name}>`)
    .join('');
}
