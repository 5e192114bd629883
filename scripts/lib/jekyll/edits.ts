/** Source splicing for the converter: every change is an edit of the original text, so a warning can name its original line. */

/** Replace `source.slice(start, end)` with `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface Edited {
  text: string;
  /** The offset in the source that an offset of `text` came from (inside a replacement: the replaced span's start). */
  toSource(offset: number): number;
}

/**
 * Applies non-overlapping edits (any order). Overlapping edits are a bug in the caller and throw.
 * @example applyEdits('a<b', [{ start: 1, end: 2, text: '\\<' }]).text === 'a\\<b'
 */
export function applyEdits(source: string, edits: readonly Edit[]): Edited {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  // Pairs (output offset, source offset) at the start of each piece, for mapping back.
  const anchors: { out: number; src: number; replaced: boolean }[] = [];
  let cursor = 0;
  let out = 0;
  for (const edit of sorted) {
    if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start} (previous edit ended at ${cursor})`);
    anchors.push({ out, src: cursor, replaced: false });
    parts.push(source.slice(cursor, edit.start));
    out += edit.start - cursor;
    anchors.push({ out, src: edit.start, replaced: true });
    parts.push(edit.text);
    out += edit.text.length;
    cursor = edit.end;
  }
  anchors.push({ out, src: cursor, replaced: false });
  parts.push(source.slice(cursor));
  return {
    text: parts.join(''),
    toSource(offset: number): number {
      let lo = 0;
      let hi = anchors.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((anchors[mid] as { out: number }).out <= offset) lo = mid;
        else hi = mid - 1;
      }
      const anchor = anchors[lo] as { out: number; src: number; replaced: boolean };
      return anchor.replaced ? anchor.src : anchor.src + (offset - anchor.out);
    },
  };
}

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
