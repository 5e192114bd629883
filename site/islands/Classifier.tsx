/** One network classifies a test image, a drawing or an upload, in the reader's browser. */
import { useId, useMemo } from 'preact/hooks';
import type { DemoModel, DemoProps } from '../lib/inference/types';
import { fill } from './demo/format';
import { InputPanel } from './demo/InputPanel';
import { Latency, ModelFacts, TopFive } from './demo/Predictions';
import { StatusBar } from './demo/StatusBar';
import { useRunner } from './demo/useRunner';

export interface ClassifierProps extends DemoProps {
  model: DemoModel;
}

export default function Classifier(props: ClassifierProps) {
  const { model, strings, lang } = props;
  const models = useMemo(() => [model], [model]);
  const { state, preference, setPreference, run, fail } = useRunner(models, props);
  const id = useId();
  const result = state.results[model.id];
  return (
    <section
      class="demo demo-classifier"
      data-demo="classifier"
      data-model={model.id}
      data-backend={state.backend}
      data-status={state.status}
      data-top1={state.status === 'done' && result ? result.top1 : undefined}
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`} class="demo-title">
        {fill(strings['demo.classifier.title'], { model: model.title })}
      </h3>
      <StatusBar state={state} preference={preference} onPreference={setPreference} strings={strings} lang={lang} id={id} />
      <InputPanel
        lang={lang}
        strings={strings}
        gallery={props.gallery}
        labels={model.labels}
        onInput={(pixels) => void run(pixels)}
        onInputError={fail}
      />
      <div class="demo-output">
        {result ? <TopFive result={result} strings={strings} lang={lang} /> : <p class="demo-placeholder">{strings['demo.input.none']}</p>}
        {result && <Latency result={result} strings={strings} lang={lang} />}
        <ModelFacts model={model} strings={strings} lang={lang} />
      </div>
    </section>
  );
}
