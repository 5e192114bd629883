/** Reads a Netlify/Cloudflare Pages `_headers` file, so the test server sends exactly the headers the real hosts send. */

export interface HeaderRule {
  /** URL path pattern; `*` matches any run of characters (including `/`), as both hosts read it. */
  pattern: string;
  headers: [name: string, value: string][];
}

/** Parses `_headers`: a path line at column 0, then indented `Name: value` lines; `#` starts a comment line. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      if (!raw.startsWith('/'))
        throw new Error(`_headers line ${index + 1}: a rule must start with a path beginning with "/", got "${raw}"`);
      rules.push({ pattern: raw.trim(), headers: [] });
      continue;
    }
    const rule = rules.at(-1);
    const match = /^\s+([A-Za-z0-9-]+):\s*(.+?)\s*$/.exec(raw);
    if (!rule || !match) throw new Error(`_headers line ${index + 1}: expected "  Name: value" under a path, got "${raw.trim()}"`);
    rule.headers.push([match[1] as string, match[2] as string]);
  }
  return rules;
}

function patternRegExp(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/** Headers for a request path: every matching rule applies, later rules adding to (and overriding) earlier ones. */
export function headersFor(rules: readonly HeaderRule[], path: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const rule of rules) {
    if (!patternRegExp(rule.pattern).test(path)) continue;
    for (const [name, value] of rule.headers) headers[name] = value;
  }
  return headers;
}
