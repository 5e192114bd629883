/** One input through all three networks: predictions, parameters, MACs, size, test accuracy, latency in this browser. */
import { useId } from 'preact/hooks';
import { median } from '../lib/inference/postprocess.ts';
import type { DemoModel, DemoProps } from '../lib/inference/types.ts';
import { DemoFrame } from './demo/DemoFrame.tsx';
import { formatBytes, formatCount, formatMs, formatPercent } from './demo/format.ts';
import { TopFive, warmRunsLabel } from './demo/Predictions.tsx';
import { useRunner } from './demo/useRunner.ts';

export interface CompareNetworksProps extends DemoProps {
  models: DemoModel[];
}

export default function CompareNetworks(props: CompareNetworksProps) {
  const { models, strings, lang } = props;
  const runner = useRunner(models, props);
  const { state } = runner;
  const id = useId();
  const done = state.status === 'done';
  return (
    <DemoFrame
      kind="compare"
      modelIds={models.map((m) => m.id).join(',')}
      top1={done ? models.map((m) => state.results[m.id]?.top1 ?? -1).join(',') : undefined}
      title={strings['demo.compare.title']}
      id={id}
      runner={runner}
      demo={props}
      labels={models[0]?.labels ?? []}
    >
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the table scrolls sideways on phones, so keyboard users must be able to focus it (axe: scrollable-region-focusable) */}
      <div class="demo-table-wrap" tabIndex={0}>
        <table class="demo-compare-table">
          <thead>
            <tr>
              <th scope="col">{strings['demo.compare.network']}</th>
              <th scope="col">{strings['demo.compare.prediction']}</th>
              <th scope="col">{strings['demo.model.parameters']}</th>
              <th scope="col">{strings['demo.model.macs']}</th>
              <th scope="col">{strings['demo.model.size']}</th>
              <th scope="col">{strings['demo.model.accuracy']}</th>
              <th scope="col">{strings[state.backend === 'webgpu' ? 'demo.result.firstRun' : 'demo.result.firstRunPlain']}</th>
              <th scope="col">{warmRunsLabel(strings, state.results[models[0]?.id ?? '']?.warmRunsMs.length ?? 0)}</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => {
              const r = state.results[m.id];
              return (
                <tr key={m.id} data-model={m.id} data-top1={r && done ? r.top1 : undefined}>
                  <th scope="row">{m.title}</th>
                  <td>{r ? <TopFive result={{ ...r, top: r.top.slice(0, 3) }} strings={strings} lang={lang} /> : '–'}</td>
                  <td data-fact="parameters">{formatCount(m.parameters, lang)}</td>
                  <td data-fact="macs">{formatCount(m.macs, lang)}</td>
                  <td data-fact="size">{formatBytes(m.file.bytes, lang)}</td>
                  <td data-fact="accuracy">{formatPercent(m.accuracy, lang, 2)}</td>
                  <td data-latency="first">{formatMs(r?.firstRunMs, lang)}</td>
                  <td data-latency="warm">{formatMs(r ? median(r.warmRunsMs) : undefined, lang)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </DemoFrame>
  );
}
