/** Small readers for built HTML used by the build tests: visible text, tags, attributes. */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) => {
    if (code[0] === '#')
      return String.fromCodePoint(code[1]?.toLowerCase() === 'x' ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1)));
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/** The text a reader sees in an HTML fragment: no SVG, math, scripts or styles; whitespace collapsed. */
export function visibleText(html: string): string {
  const stripped = html
    .replace(/<(script|style|svg)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<span class="katex">[\s\S]*?<\/span><\/span><\/span>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return decodeEntities(stripped).replace(/\s+/g, ' ').trim();
}

/** Every opening tag of one element name, e.g. all `<script ...>` tags with their content. */
export function elements(html: string, tag: string): { attrs: string; inner: string }[] {
  const pattern = new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)<\\/${tag}>`, 'gi');
  return [...html.matchAll(pattern)].map((m) => ({ attrs: m[1] ?? '', inner: m[2] ?? '' }));
}

/** The paragraphs of a Jekyll/Markdown source as plain text: frontmatter, images and markup removed. */
export function markdownParagraphs(markdown: string): string[] {
  const body = markdown.replace(/^---[\s\S]*?\n---\n/, '');
  return body
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .filter((line) => !/^\s*!\[[^\]]*\]\([^)]*\)\s*$/.test(line))
        .map((line) => line.replace(/^\s*#{1,6}\s+/, '').replace(/^\s*-\s+/, ''))
        .join(' ')
        .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/\*\*([^*]+)\*\*/g, '$1')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((text) => text.length > 0);
}
