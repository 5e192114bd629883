/** One input through all three networks: predictions, parameters, MACs, size, test accuracy, latency in this browser. */
import { useId } from 'preact/hooks';
import { type SentProps, withShared } from '../lib/inference/pageShared.ts';
import type { DemoModel, DemoProps } from '../lib/inference/types.ts';
import { propsOf, type Sent } from '../lib/pageProps.ts';
import { DemoFrame } from './demo/DemoFrame.tsx';
import { Facts, TopFive } from './demo/Predictions.tsx';
import { useRunner } from './demo/useRunner.ts';

export interface CompareNetworksProps extends DemoProps {
  models: DemoModel[];
}

/** One card per network, side by side where they fit and stacked on phones (never a table clipped at its edge). */
export default function CompareNetworks(sent: Sent<SentProps<CompareNetworksProps>>) {
  const props = withShared<CompareNetworksProps>(propsOf(sent));
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
      <div class="demo-cards">
        {models.map((m) => {
          const r = state.results[m.id];
          return (
            <article
              key={m.id}
              class="demo-card"
              data-model={m.id}
              data-top1={r && done ? r.top1 : undefined}
              aria-labelledby={`${id}-${m.id}`}
            >
              <h4 id={`${id}-${m.id}`}>{m.title}</h4>
              {r ? (
                <TopFive result={{ ...r, top: r.top.slice(0, 3) }} strings={strings} lang={lang} />
              ) : (
                <p class="demo-placeholder">{strings['demo.input.none']}</p>
              )}
              <Facts model={m} result={r} strings={strings} lang={lang} />
            </article>
          );
        })}
      </div>
    </DemoFrame>
  );
}
