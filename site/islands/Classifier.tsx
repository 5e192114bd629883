/** One network classifies a test image, a drawing or an upload, in the reader's browser. */
import { useId, useMemo } from 'preact/hooks';
import { type SentProps, withShared } from '../lib/inference/pageShared.ts';
import type { DemoModel, DemoProps } from '../lib/inference/types.ts';
import { propsOf, type Sent } from '../lib/pageProps.ts';
import { DemoFrame } from './demo/DemoFrame.tsx';
import { fill } from './demo/format.ts';
import { Facts, TopFive } from './demo/Predictions.tsx';
import { useRunner } from './demo/useRunner.ts';

export interface ClassifierProps extends DemoProps {
  model: DemoModel;
}

export default function Classifier(sent: Sent<SentProps<ClassifierProps>>) {
  const props = withShared<ClassifierProps>(propsOf(sent), true);
  const { model, strings, lang } = props;
  const models = useMemo(() => [model], [model]);
  const runner = useRunner(models, props);
  const { state } = runner;
  const id = useId();
  const result = state.results[model.id];
  return (
    <DemoFrame
      kind="classifier"
      modelIds={model.id}
      top1={state.status === 'done' && result ? result.top1 : undefined}
      title={fill(strings['demo.classifier.title'], { model: model.title })}
      id={id}
      runner={runner}
      demo={props}
      labels={model.labels}
    >
      <div class="demo-output">
        {result ? <TopFive result={result} strings={strings} lang={lang} /> : <p class="demo-placeholder">{strings['demo.input.none']}</p>}
        <Facts model={model} result={result} strings={strings} lang={lang} />
      </div>
    </DemoFrame>
  );
}
