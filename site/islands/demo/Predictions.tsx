/** Top-5 classes with probability bars, and the model's numbers from the manifest with its latency in this browser. */
import { median } from '../../lib/inference/postprocess.ts';
import type { DemoModel, DemoStrings } from '../../lib/inference/types.ts';
import { fill, formatBytes, formatCount, formatMs, formatPercent } from './format.ts';
import type { ModelResult } from './useRunner.ts';

export function TopFive({ result, strings, lang }: { result: ModelResult; strings: DemoStrings; lang: string }) {
  return (
    <ol class="demo-top5" aria-label={strings['demo.result.top5']}>
      {result.top.map((p) => (
        <li key={p.index} data-class={p.index}>
          <span class="demo-label">{p.label}</span>
          <meter
            min={0}
            max={1}
            value={p.probability}
            aria-label={fill(strings['demo.result.probability'], { label: p.label, percent: formatPercent(p.probability, lang) })}
          />
          <span class="demo-percent">{formatPercent(p.probability, lang)}</span>
        </li>
      ))}
    </ol>
  );
}

/** "Median of 3 warm runs"; before any warm run the count says nothing, so the label drops it. */
export function warmRunsLabel(strings: DemoStrings, count: number): string {
  return count > 0 ? fill(strings['demo.result.warm'], { count }) : strings['demo.result.warmMedian'];
}

/** The model's numbers from the manifest and, once it ran, its latency here; the first run mentions shader compilation only where there was some (WebGPU). */
export function Facts({ model, result, strings, lang }: { model: DemoModel; result?: ModelResult; strings: DemoStrings; lang: string }) {
  return (
    <dl class="demo-facts">
      <dt>{strings['demo.model.parameters']}</dt>
      <dd data-fact="parameters">{formatCount(model.parameters, lang)}</dd>
      <dt>{strings['demo.model.macs']}</dt>
      <dd data-fact="macs">{formatCount(model.macs, lang)}</dd>
      <dt>{strings['demo.model.size']}</dt>
      <dd data-fact="size">{formatBytes(model.file.bytes, lang)}</dd>
      <dt>{strings['demo.model.accuracy']}</dt>
      <dd data-fact="accuracy">{formatPercent(model.accuracy, lang, 2)}</dd>
      {result && (
        <>
          <dt>{strings[result.backend === 'webgpu' ? 'demo.result.firstRunWebgpu' : 'demo.result.firstRun']}</dt>
          <dd data-latency="first">{formatMs(result.firstRunMs, lang)}</dd>
          <dt>{warmRunsLabel(strings, result.warmRunsMs.length)}</dt>
          <dd data-latency="warm">{formatMs(median(result.warmRunsMs), lang)}</dd>
        </>
      )}
    </dl>
  );
}
