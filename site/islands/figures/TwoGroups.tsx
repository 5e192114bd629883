/** AlexNet's two-GPU split as our model has it: which input channels each group of a grouped convolution reads, and what that saves. */
import { useState } from 'preact/hooks';
import type { FigureProps, FilterShades, GroupedLayerData, GroupsFigureData } from '../../lib/figures/props.ts';
import { runsPath } from '../../lib/figures/runsPath.ts';
import { decodeMagnitudes, decodeSigned, SHADE_LEVELS } from '../../lib/figures/shades.ts';
import type { FigureStrings } from '../../lib/figures/strings.ts';
import { propsOf, type Sent } from '../../lib/pageProps.ts';
import { fill, formatPercent } from '../demo/format.ts';
import { Choice, FigureFrame, Select } from './FigureFrame.tsx';

interface Cell {
  x: number;
  y: number;
  /** Shade level: 1…SHADE_LEVELS for the connectivity map, −SHADE_LEVELS…SHADE_LEVELS for filters (0 is not drawn). */
  v: number;
}

/** Squares grouped by shade (and sign), each group one path (runsPath): no per-cell elements, so the markup stays small. */
function shadedPaths(cells: Cell[], size: number): { key: string; d: string; opacity: number; negative: boolean }[] {
  const groups = new Map<string, { cells: Cell[]; opacity: number; negative: boolean }>();
  for (const cell of cells) {
    if (cell.v === 0) continue;
    const level = Math.min(SHADE_LEVELS, Math.abs(cell.v));
    const negative = cell.v < 0;
    const key = `${negative ? 'n' : 'p'}${level}`;
    const group = groups.get(key) ?? { cells: [], opacity: level / SHADE_LEVELS, negative };
    group.cells.push(cell);
    groups.set(key, group);
  }
  return [...groups].map(([key, g]) => ({ key, d: runsPath(g.cells, size, size / 2), opacity: g.opacity, negative: g.negative }));
}

type Strings = FigureStrings<'groups'>;

const CELL = 8;
/** The axis names are HTML beside the drawing (an SVG scaled to a phone would shrink them under 11 px). */
const MARGIN = { left: 2, top: 2, bottom: 2 };

function Matrix({ layer, highlight, ungrouped, t }: { layer: GroupedLayerData; highlight: number | null; ungrouped: boolean; t: Strings }) {
  const map = layer.connectivity;
  const width = map.cols * CELL;
  const height = map.rows * CELL;
  const connected: Cell[] = [];
  const missing: { x: number; y: number }[] = [];
  for (const [r, text] of map.shades.entries()) {
    for (const [c, v] of decodeMagnitudes(text).entries()) {
      const x = MARGIN.left + c * CELL;
      const y = MARGIN.top + r * CELL;
      if (v === null) missing.push({ x, y });
      else connected.push({ x, y, v });
    }
  }
  const blocks = layer.groupOutputs.map(([o0, o1], g) => {
    const [i0, i1] = layer.groupInputs[g] ?? [0, 0];
    return {
      g,
      x: MARGIN.left + (i0 / map.inPerCol) * CELL,
      y: MARGIN.top + (o0 / map.outPerRow) * CELL,
      w: ((i1 - i0) / map.inPerCol) * CELL,
      h: ((o1 - o0) / map.outPerRow) * CELL,
    };
  });
  return (
    <div class="fig-matrix-wrap">
      <p class="fig-matrix-axis">{`↓ ${t.outputs} 0–${layer.outChannels - 1}`}</p>
      <svg
        class="fig-matrix"
        viewBox={`0 0 ${MARGIN.left + width + 2} ${MARGIN.top + height + MARGIN.bottom}`}
        role="img"
        aria-label={fill(t.matrix, { name: layer.name })}
      >
        {ungrouped && <path d={runsPath(missing, CELL, CELL / 2)} class="fig-cell-missing" stroke-width={CELL} data-cells="missing" />}
        {shadedPaths(connected, CELL).map((p) => (
          <path key={p.key} d={p.d} class="fig-cell" stroke-width={CELL} stroke-opacity={p.opacity} />
        ))}
        {blocks.map((b) => (
          <rect
            key={b.g}
            x={b.x}
            y={b.y}
            width={b.w}
            height={b.h}
            class={`fig-block fig-block-${b.g + 1}${highlight === b.g ? ' fig-block-on' : ''}${highlight !== null && highlight !== b.g ? ' fig-block-off' : ''}`}
            data-group={b.g + 1}
          />
        ))}
      </svg>
      <p class="fig-matrix-axis fig-matrix-x">{`${t.inputs} 0–${layer.inChannels - 1} →`}</p>
    </div>
  );
}

/** The filters of `bank` that one group reads, `range` of its channels. */
function FilterHalf({ bank, range, highlight }: { bank: FilterShades; range: [number, number]; highlight: boolean }) {
  const [first, end] = range;
  const filters = bank.shades.slice(first, end);
  const { height, width } = bank;
  const perRow = 8;
  const gap = 1;
  const cells: Cell[] = [];
  filters.forEach((f, i) => {
    const ox = (i % perRow) * (width + gap);
    const oy = Math.floor(i / perRow) * (height + gap);
    for (const [k, v] of decodeSigned(f).entries()) cells.push({ x: ox + (k % width), y: oy + Math.floor(k / width), v });
  });
  const rows = Math.ceil(filters.length / perRow);
  return (
    <svg
      class={`fig-filters${highlight ? ' fig-filters-on' : ''}`}
      viewBox={`0 0 ${perRow * (width + gap) - gap} ${rows * (height + gap) - gap}`}
      role="img"
      aria-label={`${first}–${first + filters.length - 1}`}
      data-filters={`${first}-${first + filters.length - 1}`}
    >
      <rect x="0" y="0" width={perRow * (width + gap) - gap} height={rows * (height + gap) - gap} class="fig-filters-bg" />
      {shadedPaths(cells, 1).map((p) => (
        <path key={p.key} d={p.d} class={p.negative ? 'fig-w-neg' : 'fig-w-pos'} stroke-width="1" stroke-opacity={p.opacity} />
      ))}
    </svg>
  );
}

export default function TwoGroups(sent: Sent<FigureProps<'groups', GroupsFigureData>>) {
  const { lang, t, id, data } = propsOf(sent);
  const [index, setIndex] = useState(0);
  const [highlight, setHighlight] = useState<number | null>(null);
  const [ungrouped, setUngrouped] = useState(false);
  const n = new Intl.NumberFormat(lang);
  const layer = data.layers[index] ?? data.layers[0];
  if (!layer) return null;
  const filters = data.filters && layer.inputFrom === data.filters.name ? data.filters : null;
  const groupsShown = highlight === null ? layer.groupOutputs.map((_, g) => g) : [highlight];
  const range = ([a, b]: [number, number]) => `${a}–${b - 1}`;

  return (
    <FigureFrame
      kind="two-groups"
      id={id}
      title={t.title}
      state={{
        layer: layer.name,
        highlight: highlight === null ? 'both' : highlight + 1,
        ungrouped: ungrouped ? 'true' : 'false',
        saved: layer.savedWeights,
      }}
      controls={
        <>
          <Select
            label={t.layer}
            name="layer"
            options={data.layers.map((l, i) => ({
              value: i,
              label: fill(t.layerOption, { name: l.name, in: l.inChannels, out: l.outChannels, k: l.kernel[0], groups: l.groups }),
            }))}
            value={index}
            onChange={setIndex}
          />
          <Choice<'both' | number>
            label={t.highlight}
            id={id}
            name="highlight"
            options={[
              { value: 'both', label: t.both },
              ...layer.groupOutputs.map((_, g) => ({ value: g + 1, label: fill(t.group, { g: g + 1 }) })),
            ]}
            value={highlight === null ? 'both' : highlight + 1}
            onChange={(value) => setHighlight(value === 'both' ? null : value - 1)}
          />
          <label class="fig-check">
            <input
              type="checkbox"
              name="ungrouped"
              checked={ungrouped}
              onChange={(e) => setUngrouped((e.currentTarget as HTMLInputElement).checked)}
            />
            {t.ungrouped}
          </label>
        </>
      }
    >
      <Matrix layer={layer} highlight={highlight} ungrouped={ungrouped} t={t} />
      <p class="fig-note">{fill(t.matrix, { name: layer.name })}</p>
      <ul class="fig-result" aria-live="polite" data-result="groups">
        {groupsShown.map((g) => {
          const [o0, o1] = layer.groupOutputs[g] ?? [0, 0];
          const [i0, i1] = layer.groupInputs[g] ?? [0, 0];
          return (
            <li key={g} data-group={g + 1}>
              {fill(t.sees, { g: g + 1, outFrom: o0, outTo: o1 - 1, inFrom: i0, inTo: i1 - 1 })}
            </li>
          );
        })}
        <li data-result="layer-saving">
          {fill(t.params, {
            groups: layer.groups,
            grouped: n.format(layer.weights),
            ungrouped: n.format(layer.ungroupedWeights),
            saved: n.format(layer.savedWeights),
            percent: formatPercent(layer.savedWeights / layer.ungroupedWeights, lang),
          })}
        </li>
      </ul>

      {filters && (
        <div class="fig-filter-halves">
          <p class="fig-subtitle">
            {fill(t.filters, { from: filters.name, a: range(layer.groupInputs[0] ?? [0, 0]), b: range(layer.groupInputs[1] ?? [0, 0]) })}
          </p>
          <div class="fig-halves">
            {layer.groupInputs.map((range, g) => (
              <div key={g} class="fig-half" data-group={g + 1}>
                <p class="fig-half-title">{fill(t.group, { g: g + 1 })}</p>
                <FilterHalf bank={filters} range={range} highlight={highlight === g} />
              </div>
            ))}
          </div>
          <p class="fig-note">{t.filtersNote}</p>
        </div>
      )}
      <p class="fig-note" data-result="total">
        {fill(t.total, {
          count: data.layers.length,
          names: data.layers.map((l) => l.name).join(', '),
          saved: n.format(data.total.saved),
          model: n.format(data.modelParameters),
          ungroupedModel: n.format(data.modelParameters + data.total.saved),
        })}
      </p>
    </FigureFrame>
  );
}
