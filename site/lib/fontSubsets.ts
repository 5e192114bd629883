/**
 * Trims a web-font stylesheet to the faces the site's text can use. Fontsource splits a family into `unicode-range`
 * subsets (Inter: Latin, Latin Extended, ...); a browser downloads only the subsets a page needs, but it must parse every
 * rule first. Faces whose range holds none of the site's characters go. (The Korean and Japanese faces are cut to the
 * site's characters instead: build/cjkFonts.ts.)
 */

/** Inclusive code point ranges of a CSS `unicode-range` value (`U+0-ff, U+4??, U+ac00-d7a3`). */
export function parseUnicodeRange(value: string): [number, number][] {
  return value.split(',').map((part) => {
    const token = part.trim().replace(/^U\+/i, '');
    const [from, to] = token.includes('-') ? token.split('-') : [token.replace(/\?/g, '0'), token.replace(/\?/g, 'f')];
    const range: [number, number] = [Number.parseInt(from ?? '', 16), Number.parseInt(to ?? '', 16)];
    if (!range.every(Number.isFinite) || range[0] > range[1]) throw new Error(`unicode-range: cannot read "${part.trim()}"`);
    return range;
  });
}

/** The code points of `text`, as a set. */
export function codePointsOf(text: string): Set<number> {
  const points = new Set<number>();
  for (const char of text) points.add(char.codePointAt(0) as number);
  return points;
}

/**
 * Keeps the `@font-face` rules without a `unicode-range` and those whose range holds one of `used`, each range narrowed
 * to the used code points in it (a Korean face lists about a hundred ranges: the narrowed ones make the render-blocking
 * stylesheet a fraction of the size, and the browser still fetches exactly the same files); other CSS stays.
 */
export function keepUsedFaces(css: string, used: ReadonlySet<number>): { css: string; kept: number; dropped: number } {
  const sorted = [...used].sort((a, b) => a - b);
  /** Whether some used code point lies in [from, to] (binary search). */
  const hit = ([from, to]: [number, number]): boolean => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && (sorted[lo] as number) <= to;
  };
  let kept = 0;
  let dropped = 0;
  const out = css.replace(/@font-face\s*\{[^}]*\}/g, (rule) => {
    const range = /unicode-range\s*:\s*([^;}]+)/i.exec(rule)?.[1];
    if (range !== undefined && !parseUnicodeRange(range).some(hit)) {
      dropped++;
      return '';
    }
    kept++;
    return range === undefined ? rule : rule.replace(range, rangeOf(sorted, parseUnicodeRange(range)));
  });
  return { css: out, kept, dropped };
}

/**
 * The rows of 16 code points that hold a point of `sorted`, clipped to `ranges`, as a `unicode-range` value. Whole rows,
 * not single points: text made at build time (Intl's numbers, KaTeX's invisible operators) has characters next to those
 * of the sources, such as 억 beside 어.
 */
function rangeOf(sorted: number[], ranges: [number, number][]): string {
  const parts: [number, number][] = [];
  for (const [from, to] of ranges) {
    for (const p of sorted) {
      if (p < from || p > to) continue;
      const [start, end] = [Math.max(from, p & ~0xf), Math.min(to, p | 0xf)];
      const last = parts[parts.length - 1];
      if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
      else parts.push([start, end]);
    }
  }
  return parts.map(([a, b]) => `U+${a.toString(16)}${a === b ? '' : `-${b.toString(16)}`}`).join(',');
}
