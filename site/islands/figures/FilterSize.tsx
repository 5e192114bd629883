/** VGG's claim, played with: n stacked k×k convolutions against one kernel that sees as much (weights, receptive field, ReLUs). */
import { useEffect, useState } from 'preact/hooks';
import { compareWithSingleKernel, receptiveFieldByLayer } from '../../lib/figures/filterSize.ts';
import type { FilterSizeProps } from '../../lib/figures/props.ts';
import { propsOf, type Sent } from '../../lib/pageProps.ts';
import { fill, formatPercent } from '../demo/format.ts';
import { Choice, FigureFrame, Range, Select } from './FigureFrame.tsx';

/** Milliseconds each layer stays on screen while playing. */
const STEP_MS = 900;

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export default function FilterSize(sent: Sent<FilterSizeProps>) {
  const { lang, t, id, kernels, maxDepth, channelOptions, initial } = propsOf(sent);
  const [kernel, setKernel] = useState(initial.kernel);
  const [depth, setDepth] = useState(initial.depth);
  const [channels, setChannels] = useState(initial.channels);
  const [step, setStep] = useState(initial.depth);
  const [playing, setPlaying] = useState(false);

  const n = new Intl.NumberFormat(lang);
  const c = compareWithSingleKernel({ kernel, depth, channels });
  const sizes = receptiveFieldByLayer(kernel, depth);
  const shown = Math.min(step, depth);

  // Play once when the figure first appears, unless the reader asked for less motion.
  useEffect(() => {
    if (!prefersReducedMotion()) {
      setStep(0);
      setPlaying(true);
    }
  }, []);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => setStep((s) => Math.min(s + 1, depth)), STEP_MS);
    return () => clearInterval(timer);
  }, [playing, depth]);

  // Stop at the last layer.
  useEffect(() => {
    if (playing && step >= depth) setPlaying(false);
  }, [playing, step, depth]);

  const change = (apply: () => void) => {
    apply();
    setPlaying(false);
  };
  const togglePlay = () => {
    if (playing) setPlaying(false);
    else {
      setStep((s) => (s >= depth ? 0 : s));
      setPlaying(true);
    }
  };

  const side = c.stack.receptiveField + 2;
  const centre = (side - 1) / 2;
  const square = (size: number) => centre - (size - 1) / 2;
  const C = channels === 1 ? '' : `·${n.format(channels)}²`;
  const summary =
    depth === 1
      ? t.equal
      : c.savedWeights >= 0
        ? fill(t.fewer, { rf: c.stack.receptiveField, percent: formatPercent(c.savedFraction, lang), n: depth })
        : fill(t.more, { rf: c.stack.receptiveField, percent: formatPercent(-c.savedFraction, lang) });

  return (
    <FigureFrame
      kind="filter-size"
      id={id}
      title={t.title}
      state={{
        kernel,
        depth,
        channels,
        'stack-weights': c.stack.weights,
        'single-weights': c.single.weights,
        'receptive-field': c.stack.receptiveField,
        step: shown,
      }}
      controls={
        <>
          <Choice
            label={t.kernel}
            id={id}
            name="kernel"
            options={kernels.map((k) => ({ value: k, label: `${k}×${k}` }))}
            value={kernel}
            onChange={(k) => change(() => setKernel(k))}
          />
          <Range
            label={t.depth}
            name="depth"
            min={1}
            max={maxDepth}
            step={1}
            value={depth}
            onChange={(value) =>
              change(() => {
                setDepth(value);
                setStep(value);
              })
            }
          />
          <Select
            label={t.channels}
            name="channels"
            options={channelOptions.map((option) => ({ value: option, label: n.format(option) }))}
            value={channels}
            onChange={(value) => change(() => setChannels(value))}
          />
        </>
      }
    >
      <table class="fig-table">
        <thead>
          <tr>
            <th scope="col">{t.quantity}</th>
            <th scope="col">{fill(t.stack, { n: depth, k: kernel })}</th>
            <th scope="col">{fill(t.single, { k: c.single.kernel })}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t.weights}</th>
            <td data-cell="stack-weights">
              <span class="fig-formula">{`${depth}·${kernel}²${C} =`}</span> <strong>{n.format(c.stack.weights)}</strong>
            </td>
            <td data-cell="single-weights">
              <span class="fig-formula">{`${c.single.kernel}²${C} =`}</span> <strong>{n.format(c.single.weights)}</strong>
            </td>
          </tr>
          <tr>
            <th scope="row">{t.rf}</th>
            <td data-cell="stack-rf">
              <span class="fig-formula">{`1 + ${depth}·(${kernel} − 1) =`}</span>{' '}
              <strong>{`${c.stack.receptiveField}×${c.stack.receptiveField}`}</strong>
            </td>
            <td data-cell="single-rf">
              <strong>{`${c.single.receptiveField}×${c.single.receptiveField}`}</strong>
            </td>
          </tr>
          <tr>
            <th scope="row">{t.nonlin}</th>
            <td data-cell="stack-nonlin">
              <strong>{c.stack.nonlinearities}</strong>
            </td>
            <td data-cell="single-nonlin">
              <strong>{c.single.nonlinearities}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      <p class="fig-result" aria-live="polite" data-result="summary">
        {summary}
      </p>

      <div class="fig-grid">
        <svg
          class="fig-rf-grid"
          viewBox={`0 0 ${side} ${side}`}
          role="img"
          aria-labelledby={`${id}-grid-title ${id}-grid-caption`}
          preserveAspectRatio="xMidYMid meet"
        >
          <title id={`${id}-grid-title`}>{t.grid}</title>
          <defs>
            <pattern id={`${id}-cell`} width="1" height="1" patternUnits="userSpaceOnUse">
              <path d="M1 0H0V1" class="fig-gridline" />
            </pattern>
          </defs>
          <rect x="0" y="0" width={side} height={side} fill={`url(#${id}-cell)`} class="fig-grid-bg" />
          {sizes.map((size, layer) =>
            layer <= shown ? (
              <rect
                key={layer}
                x={square(size)}
                y={square(size)}
                width={size}
                height={size}
                class={layer === shown ? 'fig-rf fig-rf-current' : 'fig-rf'}
                data-layer={layer}
              />
            ) : null,
          )}
          <rect x={centre} y={centre} width="1" height="1" class="fig-rf-output" />
        </svg>
        <div class="fig-grid-controls">
          <button type="button" class="fig-button" aria-pressed={playing} onClick={togglePlay}>
            {playing ? t.pause : t.play}
          </button>
          <Range
            label={t.step}
            name="step"
            min={0}
            max={depth}
            step={1}
            value={shown}
            text={`${shown} / ${depth}`}
            onChange={(value) => change(() => setStep(value))}
          />
        </div>
        <p id={`${id}-grid-caption`} class="fig-note" aria-live="polite">
          {shown === 0 ? t.gridOutput : `${t.gridOutput} ${fill(t.gridLayer, { layer: shown, size: sizes[shown] ?? 1 })}`}
        </p>
      </div>
    </FigureFrame>
  );
}
