/**
 * Grid cells drawn as one SVG path of horizontal strokes: each run of neighbours in a row is one `h`, each a relative
 * step from where the one before ended, so a figure's fallback markup has no element per cell and few bytes per run.
 * The stroke's width and dashing (figures.css) decide what a run looks like: a band as tall as a cell (two-groups), or
 * one square per cell (dropout masks).
 */

export interface GridCell {
  x: number;
  y: number;
}

/**
 * `cells` in row order, each `size` wide; a stroke runs along `y + offset` (e.g. `size / 2`, the middle of its row).
 * @example runsPath([{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 3, y: 2 }], 1, 0.5) // 'M0 0.5h2m1 2h1'
 */
export function runsPath(cells: readonly GridCell[], size: number, offset: number): string {
  let d = '';
  let pen: GridCell = { x: 0, y: 0 };
  for (let i = 0; i < cells.length; ) {
    const start = cells[i] as GridCell;
    let end = i + 1;
    while (end < cells.length && cells[end]?.y === start.y && cells[end]?.x === start.x + (end - i) * size) end++;
    const w = (end - i) * size;
    d += d ? `m${start.x - pen.x} ${start.y - pen.y}h${w}` : `M${start.x} ${start.y + offset}h${w}`;
    pen = { x: start.x + w, y: start.y };
    i = end;
  }
  return d;
}
