/**
 * Dropout, shown honestly: one test image's pool5 features (from an onnxruntime-web run of our AlexNet) go through the model's
 * own classifier weights many times with inverted dropout on, as in training, and once with it off, as at test time.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  classifierFromGraph,
  type DenseLayer,
  type DropoutExperiment,
  dropoutExperiment,
  keptPath,
  seededRandom,
} from '../../lib/figures/dropout.ts';
import type { DropoutFigureData, DropoutProps } from '../../lib/figures/props.ts';
import type { FigureStrings } from '../../lib/figures/strings.ts';
import { inputTensor } from '../../lib/inference/classify.ts';
import { galleryPixels, paintGrey } from '../../lib/inference/gallery.ts';
import { sharedModel } from '../../lib/inference/pageShared.ts';
import { PIXELS, SIDE } from '../../lib/inference/preprocess.ts';
import { modelBytes, type Progress, runModel } from '../../lib/inference/session.ts';
import type { DemoModel } from '../../lib/inference/types.ts';
import { readOnnxGraph } from '../../lib/onnx/graph.ts';
import { propsOf, type Sent } from '../../lib/pageProps.ts';
import { fill, formatBytes, formatPercent } from '../demo/format.ts';
import { type DemoFailure, describeError, pageBackendPreference, type Status, sessionOf } from '../demo/useRunner.ts';
import { FigureFrame, Select } from './FigureFrame.tsx';

let classifier: Promise<DenseLayer[]> | null = null;
/** The classifier's Gemm weights, decoded from the same model bytes the session runs (downloaded once per page). */
function classifierLayers(data: DropoutFigureData, model: DemoModel): Promise<DenseLayer[]> {
  classifier ??= modelBytes(model.file).then((bytes) => {
    const layers = classifierFromGraph(readOnnxGraph(bytes, { withData: true }), data.features);
    const shapes = layers.map((l) => `${l.inFeatures}x${l.outFeatures}`).join(',');
    const expected = data.layers.map(([i, o]) => `${i}x${o}`).join(',');
    if (shapes !== expected) throw new Error(`${model.file.url}: classifier is ${shapes}, the page was built for ${expected}`);
    return layers;
  });
  classifier.catch(() => {
    classifier = null;
  });
  return classifier;
}

/** The masks the first run of a seed draws (the experiment consumes the same random stream in the same order). */
function firstRunMasks(data: DropoutFigureData, seed: number, p: number): { index: number; kept: boolean[] }[] {
  const random = seededRandom(seed);
  return data.layers.flatMap(([inFeatures], index) =>
    data.before[index] ? [{ index: index + 1, kept: Array.from({ length: inFeatures }, () => random() >= p) }] : [],
  );
}

/** Units per row of a mask grid; the grid's unit of length is the pitch (a unit's square is 0.8 wide, 0.2 apart). */
const MASK_COLUMNS = 32;

/** One mask as a grid of units: every unit's outline comes from one tiled pattern, and only the kept units are drawn. */
function MaskGrid({ kept, label, id }: { kept: boolean[]; label: string; id: string }) {
  const fullRows = Math.floor(kept.length / MASK_COLUMNS);
  const rest = kept.length % MASK_COLUMNS;
  const rows = fullRows + (rest ? 1 : 0);
  const outlines = `url(#${id})`;
  return (
    <svg class="fig-mask" viewBox={`-0.08 -0.08 ${MASK_COLUMNS} ${rows}`} role="img" aria-label={label}>
      <defs>
        <pattern id={id} x="-0.08" y="-0.08" width="1" height="1" patternUnits="userSpaceOnUse">
          <path d="M0.08 0.08h0.8v0.8h-0.8z" class="fig-unit-dropped" />
        </pattern>
      </defs>
      <rect x="-0.08" y="-0.08" width={MASK_COLUMNS} height={fullRows} fill={outlines} />
      {rest > 0 && <rect x="-0.08" y={fullRows - 0.08} width={rest} height="1" fill={outlines} />}
      <path d={keptPath(kept, MASK_COLUMNS)} class="fig-unit-kept" transform="translate(-0.048 0.4)" />
    </svg>
  );
}

function Probabilities({
  result,
  labels,
  t,
  lang,
}: {
  result: DropoutExperiment;
  labels: string[];
  t: FigureStrings<'dropout'>;
  lang: string;
}) {
  // Drawn about as wide as a phone shows it, so its 13-unit labels stay >= 11 px (figures.css caps its width).
  const row = 24;
  const left = 96;
  const right = 40;
  const width = 310;
  const barW = width - left - right;
  const x = (p: number) => left + p * barW;
  return (
    <svg class="fig-probs" viewBox={`0 0 ${width} ${labels.length * row + 22}`} role="img" aria-label={t.chart}>
      <text class="fig-axis" x={width - 4} y="12" text-anchor="end">
        {t.top1}
      </text>
      {labels.map((label, c) => {
        const s = result.spread[c];
        const y = 18 + c * row;
        if (!s) return null;
        return (
          <g
            key={label}
            class={c === result.deterministicTop1 ? 'fig-prob fig-prob-top' : 'fig-prob'}
            data-class={c}
            data-top1-count={result.top1Counts[c] ?? 0}
          >
            <text class="fig-axis" x={left - 6} y={y + 13} text-anchor="end">
              {label}
            </text>
            <rect x={left} y={y + 3} width={Math.max(0.5, s.mean * barW)} height={row - 8} class="fig-prob-mean" />
            <line x1={x(s.low)} x2={x(s.high)} y1={y + row / 2 - 1} y2={y + row / 2 - 1} class="fig-prob-range" />
            <circle cx={x(result.deterministic[c] ?? 0)} cy={y + row / 2 - 1} r="3.6" class="fig-prob-off" />
            <text class="fig-axis" x={width - 4} y={y + 13} text-anchor="end">
              {new Intl.NumberFormat(lang).format(result.top1Counts[c] ?? 0)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export default function Dropout(sent: Sent<DropoutProps>) {
  const { lang, t, id, data, runOptions, initialRuns, shared: sharedKey } = propsOf(sent);
  // The network, the gallery, ORT's files and the error strings are the page's demos' (sent once per page).
  const shared = propsOf(sharedKey);
  const { gallery, runtime, strings } = shared;
  const model = sharedModel(shared, data.model);
  const [sample, setSample] = useState(data.defaultSample);
  const [rate, setRate] = useState(data.p);
  const [runs, setRuns] = useState(initialRuns);
  const [seed, setSeed] = useState(1);
  const [status, setStatus] = useState<Status>('idle');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<DemoFailure | null>(null);
  const [result, setResult] = useState<DropoutExperiment | null>(null);
  const [backend, setBackend] = useState<string | undefined>(undefined);
  const features = useRef(new Map<number, Float32Array>());
  const canvas = useRef<HTMLCanvasElement>(null);
  const pixels = useRef<Uint8Array | null>(null);
  const generation = useRef(0);

  const samples = gallery.samples;
  const chosen = samples[sample];
  const labels = model.labels;
  const scale = 1 / (1 - rate);
  const masks = firstRunMasks(data, seed, rate);
  const n = new Intl.NumberFormat(lang);

  const paint = (all: Uint8Array | null) => {
    if (all) paintGrey(canvas.current, all.subarray(sample * PIXELS, (sample + 1) * PIXELS));
  };
  useEffect(() => paint(pixels.current), [sample, status]);
  // The thumbnail before any run: the gallery is a few kB from our origin, unlike the model.
  useEffect(() => {
    galleryPixels(gallery)
      .then((all) => {
        pixels.current = all;
        paint(all);
      })
      .catch(() => {});
  }, []);

  async function compute(sampleIndex: number, runCount: number, runSeed: number, p = rate) {
    const mine = ++generation.current;
    setError(null);
    try {
      let vector = features.current.get(sampleIndex);
      if (!vector) {
        setStatus('loading');
        const [all, choice] = await Promise.all([
          galleryPixels(gallery),
          sessionOf(model, runtime, pageBackendPreference(), (p) => setProgress(p.total > 0 ? p : null)),
        ]);
        pixels.current = all;
        paint(all);
        setBackend(choice.handle.backend);
        const input = inputTensor(model, all.subarray(sampleIndex * PIXELS, (sampleIndex + 1) * PIXELS));
        const out = await runModel(choice.handle, model, input);
        vector = out.outputs[data.features]?.data;
        if (!vector) throw new Error(`the model has no output "${data.features}"`);
        features.current.set(sampleIndex, vector);
      }
      const layers = await classifierLayers(data, model);
      if (mine !== generation.current) return;
      setStatus('running');
      // Let "running" paint before the synchronous work (runs × ~0.5M multiply-adds).
      await new Promise((resolve) => setTimeout(resolve, 16));
      const experiment = dropoutExperiment(layers, vector, { p, before: data.before }, runCount, runSeed);
      if (mine !== generation.current) return;
      setResult(experiment);
      setStatus('done');
    } catch (e) {
      if (mine !== generation.current) return;
      setError(describeError(e, strings, model, () => void compute(sampleIndex, runCount, runSeed, p)));
      setStatus('error');
    }
  }

  const busy = status === 'loading' || status === 'running';
  const started = result !== null || busy;
  const rerunIfStarted = (s: number, r: number, sd: number) => {
    if (started) void compute(s, r, sd);
  };

  return (
    <FigureFrame
      kind="dropout"
      id={id}
      title={t.title}
      busy={busy}
      state={{
        status,
        sample: chosen?.index,
        runs,
        rate,
        flipped: result ? result.runs - (result.top1Counts[result.deterministicTop1] ?? 0) : undefined,
        seed,
        backend,
        top1: result ? result.deterministicTop1 : undefined,
        agreement: result ? (result.top1Counts[result.deterministicTop1] ?? 0) : undefined,
      }}
      lead={
        <p class="fig-note">
          {fill(t.intro, {
            layers: [data.layers[0]?.[0] ?? 0, ...data.layers.map(([, o]) => o)].join('→'),
            p: n.format(rate),
            scale: n.format(scale),
          })}
        </p>
      }
      controls={
        <>
          <Select
            label={t.sample}
            name="sample"
            options={samples.map((s, i) => ({ value: i, label: fill(t.sampleOption, { index: s.index, label: labels[s.label] ?? '' }) }))}
            value={sample}
            disabled={busy}
            onChange={(value) => {
              setSample(value);
              setResult(null);
              rerunIfStarted(value, runs, seed);
            }}
          />
          <Select
            label={t.rate}
            name="rate"
            options={data.rates.map((r) => ({ value: r, label: r === data.p ? fill(t.ratePaper, { p: n.format(r) }) : n.format(r) }))}
            value={rate}
            disabled={busy}
            onChange={(value) => {
              setRate(value);
              if (started) void compute(sample, runs, seed, value);
            }}
          />
          <Select
            label={t.runs}
            name="runs"
            options={runOptions.map((r) => ({ value: r, label: n.format(r) }))}
            value={runs}
            disabled={busy}
            onChange={(value) => {
              setRuns(value);
              rerunIfStarted(sample, value, seed);
            }}
          />
          <button type="button" class="fig-button" name="run" disabled={busy} onClick={() => void compute(sample, runs, seed)}>
            {t.run}
          </button>
          <button
            type="button"
            class="fig-button"
            name="again"
            disabled={busy || result === null}
            onClick={() => {
              const next = seed + 1;
              setSeed(next);
              void compute(sample, runs, next);
            }}
          >
            {t.again}
          </button>
        </>
      }
    >
      <div class="fig-dropout-body">
        <div class="fig-dropout-input">
          <canvas
            ref={canvas}
            width={SIDE}
            height={SIDE}
            class="fig-sample"
            role="img"
            aria-label={chosen ? fill(t.sampleOption, { index: chosen.index, label: labels[chosen.label] ?? '' }) : t.sample}
          />
          {chosen && <p class="fig-note">{fill(t.truth, { label: labels[chosen.label] ?? '' })}</p>}
        </div>
        <div class="fig-dropout-masks">
          <p class="fig-subtitle">{result ? t.mask : fill(t.maskExample, { seed })}</p>
          {masks.map((m) => {
            const kept = m.kept.filter(Boolean).length;
            const label = fill(t.maskLayer, { index: m.index, count: m.kept.length, kept });
            return (
              <div key={m.index} class="fig-mask-layer">
                <MaskGrid kept={m.kept} label={label} id={`${id}-mask-${m.index}`} />
                <p class="fig-note">{label}</p>
              </div>
            );
          })}
        </div>
      </div>

      <div class="fig-dropout-out" aria-live="polite">
        {status === 'idle' && <p class="fig-note">{fill(t.idle, { bytes: formatBytes(model.file.bytes, lang) })}</p>}
        {status === 'loading' && (
          <p class="fig-note">
            {progress
              ? fill(t.loading, { loaded: formatBytes(progress.loaded, lang), total: formatBytes(progress.total, lang) })
              : fill(t.loading, { loaded: '…', total: formatBytes(model.file.bytes, lang) })}
            {progress && <progress max={progress.total} value={progress.loaded} />}
          </p>
        )}
        {status === 'running' && <p class="fig-note">{t.running}</p>}
        {status === 'error' && error && (
          <p class="fig-error" role="alert" data-error={error.kind}>
            {error.message}{' '}
            {error.retry && (
              <button type="button" class="fig-button" data-action="retry" onClick={error.retry}>
                {strings['demo.retry']}
              </button>
            )}
          </p>
        )}
        {result && (
          <>
            <p class="fig-subtitle">{t.chart}</p>
            <Probabilities result={result} labels={labels} t={t} lang={lang} />
            <ul class="fig-legend">
              <li>
                <svg viewBox="0 0 16 10" aria-hidden="true">
                  <rect x="0" y="1" width="16" height="8" class="fig-prob-mean" />
                </svg>
                {t.on}
              </li>
              <li>
                <svg viewBox="0 0 10 10" aria-hidden="true">
                  <circle cx="5" cy="5" r="3.6" class="fig-prob-off" />
                </svg>
                {t.off}
              </li>
            </ul>
            <ul class="fig-result" data-result="agreement">
              <li>
                {fill(t.agreement, {
                  runs: n.format(result.runs),
                  count: n.format(result.top1Counts[result.deterministicTop1] ?? 0),
                  percent: formatPercent(result.agreement, lang),
                  label: labels[result.deterministicTop1] ?? '',
                })}
              </li>
              <li>{fill(t.averaged, { label: labels[result.averagedTop1] ?? '' })}</li>
              {result.agreement === 1 && rate < (data.rates.at(-1) ?? rate) && <li data-result="confident">{t.confident}</li>}
            </ul>
          </>
        )}
      </div>
    </FigureFrame>
  );
}
