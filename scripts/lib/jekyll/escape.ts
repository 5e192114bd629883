/** Escaping for prose that MDX would otherwise read as JSX (`<`) or JavaScript (`{`, `}`). */
import { CLOSE_BRACE, OPEN_BRACE } from './liquid.ts';

const NEEDS_ESCAPE = new Set(['{', '}', '<', OPEN_BRACE, CLOSE_BRACE]);

/**
 * Backslash-escapes `{`, `}` and `<` (and `$` when math is off, so remark-math leaves it alone); characters already
 * escaped by a backslash are left as they are. Protected `{% raw %}` braces come out as escaped braces.
 * @example escapeProse('a < b {c}') === 'a \\< b \\{c\\}'
 * @example escapeProse('\\{ok\\}') === '\\{ok\\}'
 */
export function escapeProse(text: string, options: { dollar?: boolean } = {}): string {
  let out = '';
  let backslashes = 0;
  for (const char of text) {
    const escaped = backslashes % 2 === 1;
    if (NEEDS_ESCAPE.has(char) || (options.dollar && char === '$')) {
      const plain = char === OPEN_BRACE ? '{' : char === CLOSE_BRACE ? '}' : char;
      out += escaped ? plain : `\\${plain}`;
    } else {
      out += char;
    }
    backslashes = char === '\\' ? backslashes + 1 : 0;
  }
  return out;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * Decodes the character references that code inside HTML uses (`&lt;`, `&#39;`, `&#x3C;`…); unknown names stay as written.
 * @example decodeEntities('a &lt; b &amp;&amp; c') === 'a < b && c'
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}
