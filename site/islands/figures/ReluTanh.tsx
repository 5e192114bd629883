/** ReLU against tanh as our pipeline measured them: loss and error per epoch, and the epochs each needed to reach a target error. */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { FigureProps, ReluTanhFigureData, ReluTanhSeries } from '../../lib/figures/props.ts';
import { type ErrorMetric, firstEpochAtOrBelow } from '../../lib/figures/reluTanh.ts';
import type { FigureStrings } from '../../lib/figures/strings.ts';
import { propsOf, type Sent } from '../../lib/pageProps.ts';
import { fill, formatPercent } from '../demo/format.ts';
import { Choice, FigureFrame, Range } from './FigureFrame.tsx';

const RUNS = ['relu', 'tanh'] as const;
const NAMES = { relu: 'ReLU', tanh: 'tanh' } as const;

/** A handful of round tick values from 0 to just above `max`. */
function ticks(max: number): number[] {
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw || 1));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 0.999; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

interface ChartProps {
  title: string;
  /** The y axis' name, drawn along it. */
  yLabel: string;
  epochLabel: string;
  series: Record<'relu' | 'tanh', { epochs: number[]; values: number[] }>;
  format: (v: number) => string;
  threshold?: number;
  reached?: Record<'relu' | 'tanh', number | null>;
  id: string;
}

const W = 320;
const H = 210;
const M = { left: 58, right: 10, top: 12, bottom: 38 };

function Chart({ title, yLabel, epochLabel, series, format, threshold, reached, id }: ChartProps) {
  const epochs = [...series.relu.epochs, ...series.tanh.epochs];
  const lastEpoch = Math.max(2, ...epochs);
  const yTicks = ticks(Math.max(...series.relu.values, ...series.tanh.values, threshold ?? 0));
  const yMax = yTicks.at(-1) ?? 1;
  const x = (epoch: number) => M.left + ((epoch - 1) / (lastEpoch - 1)) * (W - M.left - M.right);
  const y = (v: number) => H - M.bottom - (v / yMax) * (H - M.top - M.bottom);
  const every = Math.ceil(lastEpoch / 10);
  const xTicks = Array.from({ length: lastEpoch }, (_, i) => i + 1).filter((e) => e === 1 || e % every === 0);
  const yMid = (M.top + H - M.bottom) / 2;
  return (
    <div class="fig-chart-box">
      <p class="fig-chart-title" id={`${id}-t`}>
        {title}
      </p>
      <svg class="fig-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t`}>
        <title>{title}</title>
        <text class="fig-axis fig-axis-title" x="13" y={yMid} text-anchor="middle" transform={`rotate(-90 13 ${yMid})`}>
          {yLabel}
        </text>
        {/* One path for all gridlines: the page lays out one element instead of one per tick. */}
        <path class="fig-gridline-h" d={yTicks.map((v) => `M${M.left} ${y(v)}H${W - M.right}`).join('')} />
        {yTicks.map((v) => (
          <text key={v} class="fig-axis" x={M.left - 4} y={y(v) + 3.5} text-anchor="end">
            {format(v)}
          </text>
        ))}
        {xTicks.map((e) => (
          <text key={e} class="fig-axis" x={x(e)} y={H - M.bottom + 14} text-anchor="middle">
            {e}
          </text>
        ))}
        <text class="fig-axis fig-axis-title" x={(M.left + W - M.right) / 2} y={H - 4} text-anchor="middle">
          {epochLabel}
        </text>
        {threshold !== undefined && (
          <line class="fig-threshold" x1={M.left} x2={W - M.right} y1={y(threshold)} y2={y(threshold)} data-threshold={threshold} />
        )}
        {RUNS.map((run) => {
          const s = series[run];
          const points = s.epochs.map((e, i) => `${x(e).toFixed(1)},${y(s.values[i] ?? 0).toFixed(1)}`).join(' ');
          const hit = reached?.[run];
          const hitAt = hit === undefined || hit === null ? -1 : s.epochs.indexOf(hit);
          // A dot on every epoch, all in one path: a zero-length subpath per epoch, drawn by its round cap (figures.css).
          // The epoch that reached the target, larger. No group: each element carries its series' class.
          const dots = s.epochs.map((e, i) => `M${x(e).toFixed(1)} ${y(s.values[i] ?? 0).toFixed(1)}h0`).join('');
          const seriesClass = `fig-series fig-series-${run}`;
          return (
            <Fragment key={run}>
              <polyline class={seriesClass} points={points} />
              <path class={`${seriesClass} fig-dots`} d={dots} />
              {hitAt >= 0 && <circle class={`${seriesClass} fig-hit`} cx={x(hit as number)} cy={y(s.values[hitAt] ?? 0)} r={4.5} />}
            </Fragment>
          );
        })}
      </svg>
    </div>
  );
}

/** The recorded optimizer in the page's language when it is the pipeline's SGD line, else as recorded. */
function optimizerText(recorded: string, t: FigureStrings<'reluTanh'>): string {
  const sgd = /^SGD, momentum ([\d.]+), constant rate$/.exec(recorded);
  return sgd ? fill(t.optimizerSgd, { momentum: sgd[1] ?? '' }) : recorded;
}

export default function ReluTanh(sent: Sent<FigureProps<'reluTanh', ReluTanhFigureData>>) {
  const { lang, t, id, data } = propsOf(sent);
  const [metric, setMetric] = useState<ErrorMetric>(data.defaultMetric);
  const [threshold, setThreshold] = useState(data.gaps[data.defaultMetric].bestThreshold);
  const range = data.ranges[metric];
  const pct = (v: number) => formatPercent(v, lang);
  /** One value per run, from that run's series. */
  const perRun = <T,>(of: (s: ReluTanhSeries) => T) => ({ relu: of(data.runs.relu), tanh: of(data.runs.tanh) });
  const reached = perRun((s) => firstEpochAtOrBelow(s.epochs, s.error[metric], threshold));
  const ratio = reached.relu && reached.tanh ? reached.tanh / reached.relu : null;
  const ratioText = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const metricName = metric === 'test' ? t.test : t.train;
  const lossDigits = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const gap = data.gaps[metric];
  const verdict =
    ratio === null
      ? null
      : ratio > 1
        ? fill(t.faster, { threshold: pct(threshold), ratio: ratioText.format(ratio) })
        : ratio < 1
          ? fill(t.slower, { threshold: pct(threshold), ratio: ratioText.format(1 / ratio) })
          : fill(t.same, { threshold: pct(threshold) });

  return (
    <FigureFrame
      kind="relu-tanh"
      id={id}
      title={t.title}
      state={{ metric, threshold, 'epochs-relu': reached.relu ?? 'never', 'epochs-tanh': reached.tanh ?? 'never' }}
      controls={
        <>
          <Choice
            label={t.metric}
            id={id}
            name="metric"
            options={(['test', 'train'] as const).map((m) => ({ value: m, label: t[m] }))}
            value={metric}
            onChange={(m) => {
              setMetric(m);
              setThreshold(data.gaps[m].bestThreshold);
            }}
          />
          <Range
            label={t.threshold}
            name="threshold"
            min={range.min}
            max={range.max}
            step={data.step}
            value={threshold}
            text={pct(threshold)}
            onChange={setThreshold}
          />
        </>
      }
    >
      <ul class="fig-legend">
        {RUNS.map((run) => (
          <li key={run} class={`fig-legend-${run}`}>
            {NAMES[run]}
          </li>
        ))}
      </ul>
      <div class="fig-charts">
        <Chart
          id={`${id}-loss`}
          title={t.lossChart}
          yLabel={t.lossAxis}
          epochLabel={t.epoch}
          series={perRun((s) => ({ epochs: s.epochs, values: s.trainLoss }))}
          format={(v) => lossDigits.format(v)}
        />
        <Chart
          id={`${id}-error`}
          title={fill(t.errorChart, { metric: metricName })}
          yLabel={t.errorAxis}
          epochLabel={t.epoch}
          series={perRun((s) => ({ epochs: s.epochs, values: s.error[metric] }))}
          format={(v) => formatPercent(v, lang, 0)}
          threshold={threshold}
          reached={reached}
        />
      </div>

      <ul class="fig-result" aria-live="polite" data-result="epochs">
        {RUNS.map((run) => (
          <li key={run} data-run={run}>
            {reached[run] === null
              ? fill(t.never, { activation: NAMES[run], threshold: pct(threshold), epochs: data.runs[run].epochs.length })
              : fill(t.reached, { activation: NAMES[run], threshold: pct(threshold), epochs: reached[run] ?? '' })}
          </li>
        ))}
        {verdict && <li data-run="ratio">{verdict}</li>}
      </ul>
      <p class="fig-note" data-result="gap">
        {fill(t.gap, {
          metric: metricName.toLocaleLowerCase(lang),
          lower: gap.reluLower,
          epochs: gap.epochs,
          gap: new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(gap.largest * 100),
          epoch: gap.largestEpoch,
          best: ratioText.format(gap.bestRatio),
          threshold: pct(gap.bestThreshold),
        })}
      </p>
      <p class="fig-note">
        {fill(t.setup, {
          seed: data.meta.seed,
          epochs: data.meta.epochs,
          optimizer: optimizerText(data.meta.optimizer, t),
          lr: data.meta.lr,
        })}
        {data.meta.quick ? ` ${t.quick}` : ''}
      </p>
      <p class="fig-note">{t.paper}</p>
    </FigureFrame>
  );
}
