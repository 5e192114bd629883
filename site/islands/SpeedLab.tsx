/** The speed lab: the full-size AlexNet, VGG-16 and GoogLeNet, on synthesized weights, timed in the reader's browser. */
import { Fragment } from 'preact';
import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Backend, BackendPreference, FallbackReason } from '../lib/inference/backend.ts';
import { AssetError } from '../lib/inference/fetchVerified.ts';
import { type SentProps, withShared } from '../lib/inference/pageShared.ts';
import { DemoError } from '../lib/inference/session.ts';
import type { DemoProps, DemoStringsWith } from '../lib/inference/types.ts';
import { propsOf, type Sent } from '../lib/pageProps.ts';
import { CONFIRM_ABOVE_BYTES, measureNetwork, type Phase, peakBytes, RUN_TIMEOUT_MS, TimeoutError } from '../lib/speedlab/measure.ts';
import type { PaperFigure, SpeedLabNetwork } from '../lib/speedlab/types.ts';
import { fill, formatBytes, formatCount, formatMs, formatNumber } from './demo/format.ts';
import { StatusBar } from './demo/StatusBar.tsx';
import { describeError, pageBackendPreference, type RunnerState } from './demo/useRunner.ts';

type Strings = DemoStringsWith<'speed'>;

export interface SpeedLabProps extends DemoProps {
  strings: Strings;
  networks: SpeedLabNetwork[];
}

type Status = 'idle' | 'running' | 'done' | 'error';

interface NetworkState {
  status: Status;
  confirming?: boolean;
  phase?: { phase: Phase; done?: number; total?: number };
  backend?: Backend;
  medianMs?: number;
  firstMs?: number;
  runs?: number;
  gflops?: number;
  error?: { kind: string; message: string };
  /** Shown after a cancelled run. */
  note?: string;
}

const RUN_COUNTS = [1, 3, 5, 10] as const;
/** Dispatched on the island's root after each measurement: `detail` = { network, backend, medianMs, gflops, logits }. */
export const SPEED_LAB_RESULT_EVENT = 'speedlab:result';

export default function SpeedLab(sent: Sent<SentProps<SpeedLabProps>>) {
  const props = withShared<SpeedLabProps>(propsOf(sent));
  const { networks, strings, lang, runtime } = props;
  const id = useId();
  const [preference, setPreference] = useState<BackendPreference>(pageBackendPreference);
  const [runs, setRuns] = useState<number>(5);
  const [states, setStates] = useState<Record<string, NetworkState>>(() =>
    Object.fromEntries(networks.map((n) => [n.id, { status: 'idle' as Status }])),
  );
  const [badge, setBadge] = useState<{ backend?: Backend; fallback?: { reason: FallbackReason; detail?: string } }>({});
  const [runtimeProgress, setRuntimeProgress] = useState<RunnerState['progress']>();
  const controller = useRef<AbortController | null>(null);
  const root = useRef<HTMLElement>(null);
  const busy = Object.values(states).some((s) => s.status === 'running');

  const update = useCallback((netId: string, change: Partial<NetworkState>) => {
    setStates((all) => ({ ...all, [netId]: { ...(all[netId] ?? { status: 'idle' }), ...change } }));
  }, []);

  useEffect(() => () => controller.current?.abort(new DOMException('left the page', 'AbortError')), []);

  const start = useCallback(
    async (network: SpeedLabNetwork) => {
      const abort = new AbortController();
      controller.current = abort;
      update(network.id, { status: 'running', confirming: false, error: undefined, note: undefined, phase: { phase: 'graph' } });
      try {
        const m = await measureNetwork(network, runtime, {
          runs,
          preference,
          signal: abort.signal,
          runTimeoutMs: RUN_TIMEOUT_MS,
          onPhase: (phase, progress) => update(network.id, { phase: { phase, ...progress } }),
          onRuntimeProgress: (p) => setRuntimeProgress(p.loaded < p.total ? { ...p, model: network.title } : undefined),
        });
        setBadge({ backend: m.backend, fallback: m.fallback });
        // The logits too, for whoever listens (the browser test compares them with onnxruntime-node's).
        root.current?.dispatchEvent(
          new CustomEvent(SPEED_LAB_RESULT_EVENT, {
            bubbles: true,
            detail: { network: network.id, backend: m.backend, medianMs: m.medianMs, gflops: m.gflops, logits: Array.from(m.logits) },
          }),
        );
        update(network.id, {
          status: 'done',
          phase: undefined,
          backend: m.backend,
          medianMs: m.medianMs,
          firstMs: m.firstMs,
          runs: m.runsMs.length,
          gflops: m.gflops,
        });
      } catch (error) {
        if (abort.signal.aborted) update(network.id, { status: 'idle', phase: undefined, note: strings['demo.speed.cancelled'] });
        else update(network.id, { status: 'error', phase: undefined, error: describeSpeedLabError(error, strings, network.title) });
      } finally {
        setRuntimeProgress(undefined);
        if (controller.current === abort) controller.current = null;
      }
    },
    [runtime, runs, preference, strings, update],
  );

  /** A network's count beside the one its paper states (if it states one). */
  const paired = (label: string, ours: number, paper?: PaperFigure): BarRow => ({
    label,
    bars: [
      { kind: 'ours', value: ours, text: fill(strings['demo.speed.ours'], { value: formatCount(ours, lang) }) },
      {
        kind: 'paper',
        value: paper?.value,
        text: paper
          ? fill(strings['demo.speed.paper'], { where: paper.where, value: formatCount(paper.value, lang) })
          : strings['demo.speed.notStated'],
      },
    ],
  });
  /** A measurement of this page, once the network has run. */
  const measured = (label: string, value: number | undefined, format: (v: number, lang: string) => string): BarRow => ({
    label,
    bars: [{ kind: 'measured', value, text: value !== undefined ? format(value, lang) : strings['demo.speed.notRun'] }],
  });
  const statusState: RunnerState = {
    status: busy ? 'running' : 'idle',
    backend: badge.backend,
    fallback: badge.fallback,
    progress: runtimeProgress,
    results: {},
  };

  return (
    <section ref={root} class="demo demo-speed-lab" data-demo="speed-lab" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} class="demo-title">
        {strings['demo.speed.title']}
      </h3>
      <p class="speed-lab-intro">{strings['demo.speed.intro']}</p>
      <StatusBar
        state={statusState}
        preference={preference}
        onPreference={setPreference}
        strings={{ ...strings, 'demo.status.idle': strings['demo.speed.idle'] ?? '' }}
        lang={lang}
        id={id}
      />
      <label class="speed-lab-runs">
        {strings['demo.speed.runs']}{' '}
        <select data-action="runs" value={runs} disabled={busy} onChange={(e) => setRuns(Number(e.currentTarget.value))}>
          {RUN_COUNTS.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <ul class="speed-lab-networks">
        {networks.map((n) => {
          const s = states[n.id] ?? { status: 'idle' };
          const needsConfirm = n.weights.bytes > CONFIRM_ABOVE_BYTES;
          const phase = s.phase;
          return (
            <li
              key={n.id}
              class="speed-lab-network"
              data-network={n.id}
              data-params={n.parameters}
              data-macs={n.macs}
              data-weight-bytes={n.weights.bytes}
              data-status={s.status}
              data-backend={s.backend}
              data-median-ms={s.medianMs !== undefined ? s.medianMs.toFixed(2) : undefined}
            >
              <h4>{n.title}</h4>
              <dl class="speed-lab-facts">
                <dt>{strings['demo.speed.params']}</dt>
                <dd>{formatCount(n.parameters, lang)}</dd>
                <dt>{strings['demo.speed.macs']}</dt>
                <dd>{formatCount(n.macs, lang)}</dd>
                <dt>{strings['demo.speed.memory']}</dt>
                <dd data-fact="weight-memory">{formatBytes(n.weights.bytes, lang)}</dd>
              </dl>
              {s.status === 'running' ? (
                <div class="speed-lab-progress" aria-live="polite">
                  <span>{phase ? phaseText(phase, strings, lang) : ''}</span>{' '}
                  <button type="button" data-cancel onClick={() => controller.current?.abort(new DOMException('cancelled', 'AbortError'))}>
                    {strings['demo.speed.cancel']}
                  </button>
                </div>
              ) : s.confirming ? (
                <div class="speed-lab-confirm" role="alertdialog" aria-label={n.title}>
                  <p>
                    {fill(strings['demo.speed.confirm'], {
                      model: n.title,
                      peak: formatBytes(peakBytes(n), lang),
                      weights: formatBytes(n.weights.bytes, lang),
                    })}
                  </p>
                  <button type="button" data-confirm onClick={() => void start(n)} disabled={busy}>
                    {strings['demo.speed.confirmRun']}
                  </button>{' '}
                  <button type="button" data-dismiss onClick={() => update(n.id, { confirming: false })}>
                    {strings['demo.speed.dismiss']}
                  </button>
                </div>
              ) : (
                <button
                  type="button"
                  data-run
                  disabled={busy}
                  title={busy ? strings['demo.speed.busy'] : undefined}
                  onClick={() => (needsConfirm ? update(n.id, { confirming: true }) : void start(n))}
                >
                  {fill(strings['demo.speed.run'], { model: n.title, count: runs })}
                </button>
              )}
              {s.status === 'done' && s.medianMs !== undefined && (
                <dl class="speed-lab-result">
                  {(
                    [
                      ['demo.speed.median', 'median', formatMs(s.medianMs, lang)],
                      ['demo.speed.throughput', 'images-per-second', formatNumber(1000 / s.medianMs, lang)],
                      ['demo.speed.gflops', 'gflops', formatNumber(s.gflops ?? 0, lang)],
                      ['demo.speed.first', 'first', formatMs(s.firstMs, lang)],
                    ] as const
                  ).map(([label, result, value]) => (
                    <div key={result}>
                      <dt>{strings[label]}</dt>
                      <dd data-result={result}>{value}</dd>
                    </div>
                  ))}
                  <p class="speed-lab-ran">
                    {fill(strings['demo.speed.ran'], {
                      count: s.runs ?? 0,
                      backend: s.backend ? strings[`demo.backend.${s.backend}`] : '',
                    })}
                  </p>
                </dl>
              )}
              {s.note && <p class="speed-lab-note">{s.note}</p>}
              {s.error && (
                <p class="demo-error" role="alert" data-error={s.error.kind}>
                  {s.error.message}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <figure class="speed-lab-bars">
        <figcaption>{strings['demo.speed.bars']}</figcaption>
        <BarGroup title={strings['demo.speed.params']} rows={networks.map((n) => paired(n.title, n.parameters, n.paper.parameters))} />
        <BarGroup title={strings['demo.speed.macs']} rows={networks.map((n) => paired(n.title, n.macs, n.paper.macs))} />
        <BarGroup title={strings['demo.speed.median']} rows={networks.map((n) => measured(n.title, states[n.id]?.medianMs, formatMs))} />
        <BarGroup title={strings['demo.speed.gflops']} rows={networks.map((n) => measured(n.title, states[n.id]?.gflops, formatNumber))} />
        <p class="speed-lab-footnote">{strings['demo.speed.gflopsNote']}</p>
        <p class="speed-lab-footnote">
          {strings['demo.speed.sources']}{' '}
          {networks.map((n, i) => (
            <Fragment key={n.id}>
              {i > 0 && '; '}
              <a href={n.paper.href} rel="noopener">
                {n.paper.citation}
              </a>
            </Fragment>
          ))}
        </p>
      </figure>
    </section>
  );
}

function phaseText(p: NonNullable<NetworkState['phase']>, strings: Strings, lang: string): string {
  const template = strings[`demo.speed.phase.${p.phase}`];
  if (p.phase === 'weights') return fill(template, { done: formatBytes(p.done ?? 0, lang), total: formatBytes(p.total ?? 0, lang) });
  return fill(template, { done: p.done ?? 0, total: p.total ?? 0 });
}

interface BarRow {
  label: string;
  bars: { kind: 'ours' | 'paper' | 'measured'; value?: number; text: string }[];
}

/**
 * One quantity for every network, on one scale: the largest value of the group fills its bar. A bar is one element,
 * its text, whose length CSS draws from `--share` (speedlab.css); the text says the value to every reader. The group
 * is one grid: each network's label spans its bars (`--bars`), so neither a row nor its bars need a wrapper.
 */
function BarGroup({ title, rows }: { title: string; rows: BarRow[] }) {
  const max = Math.max(1e-9, ...rows.flatMap((row) => row.bars.map((bar) => bar.value ?? 0)));
  const share = (value = 0) => `--share:${Number((value / max).toFixed(4))}`;
  return (
    <div class="speed-lab-bar-group">
      <h5>{title}</h5>
      {rows.map((row) => (
        <Fragment key={row.label}>
          <span class="speed-lab-bar-label" style={`--bars:${row.bars.length}`}>
            {row.label}
          </span>
          {row.bars.map((bar) => (
            <div key={bar.kind} class={`speed-lab-bar is-${bar.kind}`} style={share(bar.value)}>
              {bar.text}
            </div>
          ))}
        </Fragment>
      ))}
    </div>
  );
}

const OUT_OF_MEMORY =
  /out of memory|\bOOM\b|allocation failed|Cannot enlarge memory|could not allocate|bad_alloc|Invalid typed array length|Array buffer/i;

/** A failure as the reader should read it: a timeout or out of memory here, the rest as every demo says it. */
function describeSpeedLabError(error: unknown, strings: Strings, model: string): { kind: string; message: string } {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof TimeoutError)
    return { kind: 'timeout', message: fill(strings['demo.speed.error.timeout'], { model, seconds: Math.round(error.ms / 1000) }) };
  if (!(error instanceof AssetError || error instanceof DemoError) && (error instanceof RangeError || OUT_OF_MEMORY.test(detail)))
    return { kind: 'oom', message: fill(strings['demo.speed.error.oom'], { model, detail }) };
  return describeError(error, strings);
}
